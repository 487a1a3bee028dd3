package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A future the test completes by hand: pending until {@link #complete} or {@link #fail}, then
 * ready with that value or failing with that exception on every poll. It remembers the latest
 * waker and wakes it on completion, and counts polls and cancels, so a test can check what the
 * code under test did with it: polled it, registered a waker, cancelled it (a
 * {@code race} loser, a timed-out operation).
 *
 * <pre>{@code
 * ManualFuture<String> slow = new ManualFuture<>("slow");
 * MockTask<String> task = MockTask.of(Futures.race(slow, Futures.ready("fast")));
 * assertEquals("fast", task.assertReady());
 * assertTrue(slow.isCancelled(), "the loser is cancelled");
 * }</pre>
 *
 * <p>A poll after a cancel throws {@link AssertionError} (a cancelled future is never polled
 * again), which fails the test. Completion may come from any thread.
 *
 * @param <T> the type of the value
 */
public final class ManualFuture<T> implements Future<T> {
  private volatile Waker waker; // of the latest poll
  private volatile boolean done;
  private volatile T value;
  private volatile Throwable failure;
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger cancels = new AtomicInteger();
  private volatile RuntimeException cleanupFailure; // thrown by cancel(), if set
  private final String name;

  /** A pending future named "manual". */
  public ManualFuture() {
    this("manual");
  }

  /**
   * A pending future with a name, which its {@link #toString()} and its complaints show.
   *
   * @param name the name
   */
  public ManualFuture(String name) {
    this.name = name;
  }

  /**
   * Pending until completed; then ready with the value, or throws the failure as it is.
   *
   * @param cx the poller's context; its waker is kept, replacing an earlier one
   * @return pending, or ready with the value
   * @throws AssertionError if polled after {@link #cancel()}
   */
  @Override
  public Poll<T> poll(Context cx) {
    polls.incrementAndGet();
    if (cancels.get() > 0) {
      throw new AssertionError(name + " polled after cancel");
    }
    waker = cx.waker();
    if (!done) {
      return Poll.pending();
    }
    if (failure != null) {
      throw Rethrow.unchanged(failure);
    }
    return Poll.ready(value);
  }

  /**
   * Completes with {@code v} and wakes the latest poller.
   *
   * @param v the value the next polls return
   */
  public void complete(T v) {
    value = v;
    done = true;
    wake();
  }

  /**
   * Fails with {@code t} (checked or not, thrown from the next polls unchanged) and wakes the
   * latest poller.
   *
   * @param t the failure
   */
  public void fail(Throwable t) {
    failure = t;
    done = true;
    wake();
  }

  private void wake() {
    Waker w = waker;
    if (w != null) {
      w.wake();
    }
  }

  /**
   * Counts the cancel; throws the failure given to {@link #failCleanupWith}, if any.
   */
  @Override
  public void cancel() {
    cancels.incrementAndGet();
    RuntimeException e = cleanupFailure;
    if (e != null) {
      throw e;
    }
  }

  /**
   * Makes {@link #cancel()} throw {@code e} (after counting the cancel), as an async block whose
   * {@code finally} throws does: a cleanup that fails.
   *
   * @param e what {@code cancel()} will throw
   * @return this future
   */
  public ManualFuture<T> failCleanupWith(RuntimeException e) {
    cleanupFailure = e;
    return this;
  }

  /**
   * Whether {@link #cancel()} was called.
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancels.get() > 0;
  }

  /**
   * How many times {@link #cancel()} was called (cancel is idempotent, so more than one is
   * allowed, but a test may want to see it).
   *
   * @return the number of cancels
   */
  public int cancelCount() {
    return cancels.get();
  }

  /**
   * How many times the future was polled, a poll after cancel included.
   *
   * @return the number of polls
   */
  public int pollCount() {
    return polls.get();
  }

  /**
   * Whether some poll left a waker here, that is, whether anyone is waiting for it.
   *
   * @return true once polled
   */
  public boolean hasWaker() {
    return waker != null;
  }

  @Override
  public String toString() {
    return name;
  }
}
