package dev.weft.fs;

import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the tests of this package share: running inside a runtime, waiting without timing. */
final class FsTesting {
  private FsTesting() {}

  /**
   * Runs {@code body} on a thread of the runtime, where file operations may be polled by hand
   * ({@link MockTask}); their blocking calls run on the runtime's blocking pool meanwhile.
   */
  static void inRuntime(AsyncRuntime rt, ThrowingBody body) {
    rt.blockOn(Futures.lazy(() -> {
      try {
        body.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return null;
    }));
  }

  @FunctionalInterface
  interface ThrowingBody {
    void run() throws IOException;
  }

  /** How long a test waits for something that should happen at once; generous for a loaded CI. */
  static final long PATIENCE_SECONDS = 20;

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
   * Polls {@code task} until it is ready, waiting for a wake-up after every pending poll (a
   * pending poll that is never woken fails the test instead of hanging it).
   */
  static <T> T pollUntilReady(MockTask<T> task) {
    for (;;) {
      Poll<T> p = task.poll();
      if (p.isReady()) {
        return p.value();
      }
      eventually("a wake-up after a pending poll", task::isWoken);
    }
  }

  /** {@link #pollUntilReady} for a task that must fail: returns what it threw. */
  static Throwable pollUntilFails(MockTask<?> task) {
    for (;;) {
      Poll<?> p;
      try {
        p = task.poll();
      } catch (Throwable t) {
        return t;
      }
      if (p.isReady()) {
        fail("expected a failure, got " + p.value());
      }
      eventually("a wake-up after a pending poll", task::isWoken);
    }
  }
}
