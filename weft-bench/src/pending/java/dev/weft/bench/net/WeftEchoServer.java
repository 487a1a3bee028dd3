package dev.weft.bench.net;

import static dev.weft.future.Async.asyncRun;

import dev.weft.future.Future;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.AsyncRuntime;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * weft's echo servers, written as tokio's {@code echo_server} is: the accept loop runs inside
 * {@code blockOn} on a thread of its own (tokio's runs in {@code block_on} on its main thread),
 * and every accepted connection is a spawned task that reads into a {@value #BUFFER}-byte buffer
 * and writes back what it read. weft mt is the multi-thread runtime with 2 workers; weft ct the
 * current-thread runtime, which runs every task on that one thread inside {@code blockOn}.
 */
final class WeftEchoServer implements EchoServer {
  private final boolean multiThread;
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean closing;
  private volatile AsyncRuntime runtime;
  private volatile TcpListener listener;

  WeftEchoServer(boolean multiThread) {
    this.multiThread = multiThread;
  }

  @Override
  public int start(int port) {
    TcpListener bound = TcpListener.bind(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
    AsyncRuntime started = multiThread
        ? AsyncRuntime.builder().multiThread().workers(2).threadName("weft-echo").build()
        : AsyncRuntime.builder().currentThread().threadName("weft-echo").build();
    listener = bound;
    runtime = started;
    Future<Void> serve = asyncRun(() -> acceptLoop(started, bound));
    Thread accepting = new Thread(() -> {
      try {
        started.blockOn(serve);
      } catch (RuntimeException | Error e) {
        if (closing) {
          return; // close() ended the accept loop: its pending accept failed or was cancelled
        }
        // Without its accept loop the server is of no use: end the process, the harness sees it.
        e.printStackTrace();
        System.exit(1);
      }
    }, "weft-echo-accept");
    accepting.start();
    return bound.localAddress().getPort();
  }

  @Override
  public long failedConnections() {
    return failed.get();
  }

  @Override
  public void close() {
    closing = true;
    TcpListener bound = listener;
    AsyncRuntime started = runtime;
    if (bound != null) {
      bound.close();
    }
    if (started != null) {
      started.close(); // cancels every connection's task; their try-with-resources close them
    }
  }

  private void acceptLoop(AsyncRuntime runtime, TcpListener listener) {
    while (true) {
      TcpStream stream = listener.accept().await();
      runtime.spawn(asyncRun(() -> echo(stream)));
    }
  }

  private void echo(TcpStream stream) {
    try (stream) {
      ByteBuffer buf = ByteBuffer.allocate(BUFFER);
      while (true) {
        buf.clear();
        if (stream.read(buf).await() < 0) {
          return; // the client closed
        }
        buf.flip();
        stream.writeAll(buf).await();
      }
    } catch (UncheckedIOException e) {
      failed.incrementAndGet(); // a reset by the client; counted, reported by EchoServerMain
    }
  }
}
