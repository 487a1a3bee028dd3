package dev.weft.future;

import dev.weft.internal.Failures;
import dev.weft.internal.ParkingWaker;
import dev.weft.internal.ThreadState;

/**
 * {@link Futures#blockOn}: the smallest executor, polling one future on the calling thread and
 * parking the thread between wake-ups. No timers, no I/O, no cooperative budget.
 *
 * <p>The wait is not interruptible (as {@code CompletableFuture.join()}): an interrupt is
 * remembered and restored when blockOn returns.
 */
final class BlockingExecutor {
  private BlockingExecutor() {}

  static <T> T blockOn(Future<T> f) {
    ThreadState ts = ThreadState.current();
    if (ts.coroutine != null) {
      throw new IllegalStateException(
          "Futures.blockOn was called inside an async block, where it would block the thread that"
              + " runs the block; use future.await() instead");
    }
    if (ts.schedulerThread) {
      throw new IllegalStateException(
          "Futures.blockOn was called on a thread of a weft runtime, which it would stall; await"
              + " the future inside an async block, or spawn it as a task");
    }
    ParkingWaker waker = new ParkingWaker(Thread.currentThread());
    Context cx = Context.of(waker);
    boolean interrupted = false;
    try {
      for (;;) {
        Poll<T> p;
        try {
          p = f.poll(cx);
        } catch (Throwable t) {
          throw Failures.forCaller(t);
        }
        if (p instanceof Poll.Ready<T> r) {
          return r.value();
        }
        interrupted |= waker.await();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
