package dev.weft.bench.net;

/**
 * A TCP echo server on 127.0.0.1 for the network workloads (W8 echo, W9 many_connections): it
 * writes back every byte it reads, on each connection, until the peer closes or resets it.
 * {@link EchoServerMain} runs one per process.
 */
interface EchoServer extends AutoCloseable {

  /**
   * Binds {@code port} on 127.0.0.1 (0: any free port) with an accept backlog of
   * {@link #BACKLOG}, and serves on threads of its own from then on.
   *
   * @return the bound port
   */
  int start(int port) throws Exception;

  /**
   * Connections that ended with an I/O failure rather than the peer's close: W9's client resets
   * its connections (SO_LINGER 0), so there these are expected; in W8 they are not.
   */
  long failedConnections();

  /** Stops accepting and serving; in the benchmark the process simply ends instead. */
  @Override
  void close();

  /** tokio's {@code TcpListener::bind} backlog, so that every server queues as many connects. */
  int BACKLOG = 1024;

  /** Bytes read at a time: what tokio's {@code echo_server} reads into. */
  int BUFFER = 4096;
}
