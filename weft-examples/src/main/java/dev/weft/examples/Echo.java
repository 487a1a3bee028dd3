package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A TCP echo server and a client of it, on one multi-thread runtime: what async is for, many
 * I/O-bound tasks on few threads. The server spawns a task per connection that reads into a
 * buffer and writes back what it read, until the client closes its side; the client sends a few
 * messages and reads each echo.
 *
 * <pre>{@code
 * loop {
 *     let (mut socket, _) = listener.accept().await?;
 *     tokio::spawn(async move {
 *         let mut buf = [0; 1024];
 *         loop {
 *             let n = socket.read(&mut buf).await?;
 *             if n == 0 { return; }
 *             socket.write_all(&buf[..n]).await?;
 *         }
 *     });
 * }
 * }</pre>
 */
final class Echo {
  private Echo() {}

  static final List<String> MESSAGES = List.of("hello", "async world", "bye");

  /** The connection's task: echo until the peer closes its side; returns the bytes echoed. */
  static JoinHandle<Long> serve(TcpStream socket) {
    return Task.spawn(async(() -> {
      long echoed = 0;
      try (socket) {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        for (;;) {
          buf.clear();
          int n = socket.read(buf).await();
          if (n < 0) {
            return echoed; // the client shut down its side
          }
          buf.flip();
          socket.writeAll(buf).await();
          echoed += n;
        }
      }
    }));
  }

  static void run() {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build();
        TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
      System.out.println("server: listening on 127.0.0.1 (a port the system chose)");
      long echoed = rt.blockOn(async(() -> {
        JoinHandle<JoinHandle<Long>> server =
            Task.spawn(async(() -> serve(listener.accept().await())));
        try (TcpStream client = TcpStream.connect(listener.localAddress()).await()) {
          ByteBuffer reply = ByteBuffer.allocate(64);
          for (String m : MESSAGES) {
            byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
            client.writeAll(ByteBuffer.wrap(bytes)).await();
            reply.clear().limit(bytes.length);
            client.readExact(reply).await();
            System.out.println("client: sent \"" + m + "\", got \""
                + new String(reply.array(), 0, bytes.length, StandardCharsets.UTF_8) + "\" back");
          }
          client.shutdown().await(); // half-close: the server reads end of stream
          ByteBuffer end = ByteBuffer.allocate(1);
          System.out.println("client: after shutdown the server closed too (read gives "
              + client.read(end).await() + ")");
        }
        return server.await().await();
      }));
      System.out.println("server: the connection's task echoed " + echoed + " bytes and ended");
    }
  }

  public static void main(String[] args) {
    run();
  }
}
