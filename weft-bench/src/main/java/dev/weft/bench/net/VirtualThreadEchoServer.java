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

  @Override
  public int start(int port) throws IOException {
    ServerSocket listener = new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("accept").start(() -> acceptLoop(listener));
    return listener.getLocalPort();
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
        // The process ends with the harness; a listener that fails is the end of the benchmark.
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
