package dev.weft.net;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/** What the networking tests share: addresses, connected pairs, failure checks, waiting. */
final class NetTesting {
  private NetTesting() {}

  /** How long a test waits for something that should happen at once; generous for a loaded CI. */
  static final long PATIENCE_SECONDS = 20;

  /** The loopback address with port 0: any free port. */
  static InetSocketAddress anyLoopbackPort() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  /** Runs {@code body} as an async block on {@code rt} and returns its value. */
  static <T> T run(AsyncRuntime rt, Callable<T> body) {
    return rt.blockOn(async(body));
  }

  /**
   * Inside an async block: a connection through {@code listener}, as (the connecting side, the
   * accepted side).
   */
  static Tuple2<TcpStream, TcpStream> connectPair(TcpListener listener) {
    return Futures.join(TcpStream.connect(listener.localAddress()), listener.accept()).await();
  }

  /** A future that remembers whether it returned pending: a way to wait until it waits. */
  static final class Watched<T> implements Future<T> {
    private final Future<T> inner;
    private volatile boolean wasPending;

    Watched(Future<T> inner) {
      this.inner = inner;
    }

    @Override
    public Poll<T> poll(Context cx) {
      Poll<T> p = inner.poll(cx);
      if (!p.isReady()) {
        wasPending = true;
      }
      return p;
    }

    @Override
    public void cancel() {
      inner.cancel();
    }

    /** True once a poll returned pending. */
    boolean wasPending() {
      return wasPending;
    }
  }

  /** {@code n} bytes of a pattern that depends on {@code seed}, ready to be written. */
  static ByteBuffer pattern(int n, int seed) {
    ByteBuffer b = ByteBuffer.allocate(n);
    for (int i = 0; i < n; i++) {
      b.put((byte) (i * 31 + seed));
    }
    return b.flip();
  }

  /** The bytes of {@code b} from its position to its limit (not consumed). */
  static byte[] remaining(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  /**
   * Asserts {@code body} throws {@link UncheckedIOException} whose cause is a {@code cause};
   * returns the cause.
   */
  static <E extends IOException> E assertIoFailure(Class<E> cause, Executable body) {
    UncheckedIOException e = assertThrows(UncheckedIOException.class, body);
    return assertInstanceOf(cause, e.getCause(), "the cause of " + e);
  }

  /** Asserts {@code t} is an {@link UncheckedIOException} whose cause is a {@code cause}. */
  static <E extends IOException> E assertIoFailure(Class<E> cause, Throwable t) {
    UncheckedIOException e = assertInstanceOf(UncheckedIOException.class, t);
    return assertInstanceOf(cause, e.getCause(), "the cause of " + e);
  }

  /** Waits until {@code condition} holds, failing (not hanging) after {@link #PATIENCE_SECONDS}. */
  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting until " + what);
      }
    }
  }

  /**
   * Inside an async block: waits (yielding to the runtime, so its I/O is served) until
   * {@code condition} holds, failing after {@link #PATIENCE_SECONDS}.
   */
  static void eventuallyAsync(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      dev.weft.time.Time.sleep(Duration.ofMillis(1)).await();
    }
  }

  /** Inside an async block: lets the runtime run other tasks and its drivers a few times. */
  static void yieldAFewTimes() {
    for (int i = 0; i < 10; i++) {
      Task.yieldNow().await();
    }
  }

  /** The channel under a stream (a private field: tests only). */
  static SelectableChannel channelOf(TcpStream s) {
    try {
      Field f = TcpStream.class.getDeclaredField("socket");
      f.setAccessible(true);
      return ((TcpSocket) f.get(s)).channel();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("TcpStream has no socket field any more", e);
    }
  }

  /** The channel under a listener (a private field: tests only). */
  static SelectableChannel channelOf(TcpListener l) {
    try {
      Field f = TcpListener.class.getDeclaredField("channel");
      f.setAccessible(true);
      return (SelectableChannel) f.get(l);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("TcpListener has no channel field any more", e);
    }
  }

  /** Live threads whose name starts with {@code prefix + "-"} (the threads of one runtime). */
  static List<String> liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix + "-"))
        .sorted()
        .toList();
  }

  /** File descriptors this process has open now (Linux's /proc/self/fd). */
  static long openFileDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count the open file descriptors", e);
    }
  }
}
