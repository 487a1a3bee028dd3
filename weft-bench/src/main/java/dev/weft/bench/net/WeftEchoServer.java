package dev.weft.bench.net;

import static dev.weft.future.Async.asyncRun;

import dev.weft.future.Future;
import dev.weft.future.Futures;
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
   * One connection: wait until it is readable, echo what it can read, and wait again. While a
   * connection is idle it holds no buffer (as Netty's pooled buffers, not as tokio's
   * echo_server, whose task keeps 4 KiB): the buffer belongs to the worker thread and is never
   * held across a suspension.
   *
   * <p>The reading and writing sit in {@link #echoReadable}, not in this block: on the
   * continuation engine an idle connection keeps this block's frame, as large as the locals
   * and spill slots of all the code in it, and the method's are gone by the time the block
   * waits. It matters most for the connections whose block first waited before the JIT had
   * compiled it (see "Memory" in {@code Async}'s Javadoc): over a dozen W9 server processes
   * each way, the current-thread server's median heap per idle connection went from about
   * 1,890 to 1,610 bytes, the multi-thread server's stayed about 1,620.
   */
  private Future<Void> echo(TcpStream stream) {
    return asyncRun(() -> {
      try (stream) {
        while (true) {
          stream.readable().await();
          Future<Void> rest = echoReadable(stream);
          if (rest == CLOSED) {
            return;
          }
          if (rest != null) {
            rest.await();
          }
        }
      } catch (UncheckedIOException e) {
        failed.incrementAndGet(); // a reset by the client; counted, reported by EchoServerMain
      }
    });
  }

  /**
   * Reads what {@code stream} has into this thread's buffer and writes it back: null when it is
   * all written (or there was nothing to read), {@link #CLOSED} when the client closed, or a
   * write of what is left to await (the peer reads slowly; the rest has a buffer of its own).
   */
  private static Future<Void> echoReadable(TcpStream stream) {
    ByteBuffer buf = SCRATCH.get().clear();
    int n = stream.tryRead(buf);
    if (n < 0) {
      return CLOSED;
    }
    if (n == 0) {
      return null; // a false alarm: wait again
    }
    buf.flip();
    stream.tryWrite(buf);
    if (!buf.hasRemaining()) {
      return null;
    }
    return stream.writeAll(ByteBuffer.allocate(buf.remaining()).put(buf).flip());
  }

  /** What {@link #echoReadable} answers when the client closed. */
  private static final Future<Void> CLOSED = Futures.ready(null);

  /**
   * Each worker thread's buffer. Direct, as Netty's pooled buffers are: the JDK reads a socket
   * into a heap buffer through a temporary direct one and copies it over, and writes one the
   * same way. On W8 (woven server, multi-thread runtime; two pairs of processes in turn) the
   * workers' user time was 1.02-1.09 µs a round trip with a direct buffer against 1.15-1.42 µs
   * with a heap one, their system time 7.6-8.2 µs against 8.6-8.8.
   */
  private static final ThreadLocal<ByteBuffer> SCRATCH =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));
}
