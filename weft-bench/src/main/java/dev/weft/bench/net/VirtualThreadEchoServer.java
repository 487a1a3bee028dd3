package dev.weft.bench.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The virtual-thread peer: a virtual thread per connection on blocking {@code java.net} sockets,
 * the accept loop on a virtual thread too, so that everything shares the scheduler's carriers
 * (held to 2 by {@code -Djdk.virtualThreadScheduler.parallelism=2}, which the harness sets).
 */
final class VirtualThreadEchoServer implements EchoServer {
  private final AtomicLong failed = new AtomicLong();
  private volatile ServerSocket listener;

  @Override
  public int start(int port) throws IOException {
    ServerSocket bound = new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());
    listener = bound;
    Thread.ofVirtual().name("accept").start(() -> acceptLoop(bound));
    return bound.getLocalPort();
  }

  @Override
  public void close() {
    ServerSocket bound = listener;
    if (bound == null) {
      return;
    }
    try {
      bound.close(); // the accept loop ends; open connections end with their clients
    } catch (IOException e) {
      throw new UncheckedIOException("closing the listener failed", e);
    }
  }

  @Override
  public long failedConnections() {
    return failed.get();
  }

  private void acceptLoop(ServerSocket listener) {
    while (true) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (listener.isClosed()) {
          return; // close()
        }
        // A listener that fails is the end of the benchmark: the harness sees the trace and the
        // client's failed connects.
        throw new UncheckedIOException("accept failed", e);
      }
      Thread.ofVirtual().start(() -> echo(socket));
    }
  }

  private void echo(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buf = new byte[BUFFER];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      failed.incrementAndGet(); // a reset by the client; counted, reported by EchoServerMain
    }
  }
}
