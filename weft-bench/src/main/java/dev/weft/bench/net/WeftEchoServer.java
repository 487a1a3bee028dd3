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
 * weft's echo servers: the accept loop runs inside {@code blockOn} on a thread of its own
 * (tokio's runs in {@code block_on} on its main thread), and every accepted connection is a
 * spawned task that waits until its socket is readable, then reads into its worker's
 * {@value #BUFFER}-byte buffer and writes back what it read. weft mt is the multi-thread runtime with 2 workers; weft ct the
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
    Future<Void> serve = acceptLoop(started, bound);
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

  // The awaits sit in the async lambdas themselves, not in methods they call, so that the
  // woven build compiles both blocks into state machines (the weaver sees only a lambda's own
  // body); the plain build runs them as coroutines.
  private Future<Void> acceptLoop(AsyncRuntime runtime, TcpListener listener) {
    return asyncRun(() -> {
      while (true) {
        TcpStream stream = listener.accept().await();
        runtime.spawn(echo(stream));
      }
    });
  }

  /**
   * One connection: wait until it is readable, read into this thread's buffer, write it back.
   * While a connection is idle it holds no buffer (as Netty's pooled buffers, not as tokio's
   * echo_server, whose task keeps 4 KiB): the buffer belongs to the worker thread and is never
   * held across a suspension. A write that cannot finish at once (the peer reads slowly) copies
   * what is left into a buffer of its own and waits.
   */
  private Future<Void> echo(TcpStream stream) {
    return asyncRun(() -> {
      try (stream) {
        while (true) {
          stream.readable().await();
          ByteBuffer buf = SCRATCH.get().clear();
          int n = stream.tryRead(buf);
          if (n < 0) {
            return; // the client closed
          }
          if (n == 0) {
            continue; // a false alarm: wait again
          }
          buf.flip();
          stream.tryWrite(buf);
          if (buf.hasRemaining()) {
            ByteBuffer rest = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
            stream.writeAll(rest).await();
          }
        }
      } catch (UncheckedIOException e) {
        failed.incrementAndGet(); // a reset by the client; counted, reported by EchoServerMain
      }
    });
  }

  private static final ThreadLocal<ByteBuffer> SCRATCH =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER));
}
