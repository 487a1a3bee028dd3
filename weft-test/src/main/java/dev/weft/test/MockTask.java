package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;

/**
 * Polls a future by hand and counts its wake-ups, as tokio-test's mock task does: poll, then
 * assert pending, woken or ready. No runtime is involved: each {@link #poll()} is one call of
 * {@link Future#poll} on the test's thread, with a waker that records the wake-ups it gets.
 *
 * <pre>{@code
 * ManualFuture<Integer> trigger = new ManualFuture<>();
 * MockTask<Integer> task = MockTask.of(trigger.map(x -> x * 2));
 * task.assertPending();          // polled once: pending, a waker registered
 * assertFalse(task.isWoken());
 * trigger.complete(21);
 * assertTrue(task.isWoken());    // the completion woke the task
 * assertEquals(42, task.assertReady());
 * }</pre>
 *
 * <p>It tests what a runtime cannot show: that a pending poll arranged a wake-up (a future that
 * returns pending and never wakes its waker hangs its task forever), how many polls a result
 * takes, what a poll does after a cancel. Poll from one thread; wake-ups may come from any.
 *
 * @param <T> the type of the future's value
 */
public final class MockTask<T> {
  private final Future<T> future;
  private final CountingWaker waker = new CountingWaker();

  private MockTask(Future<T> future) {
    this.future = future;
  }

  /**
   * A mock task that will poll {@code future}; nothing is polled yet.
   *
   * @param <T> the type of the future's value
   * @param future the future to poll by hand
   * @return a new mock task
   */
  public static <T> MockTask<T> of(Future<T> future) {
    return new MockTask<>(future);
  }

  /**
   * Polls once (clearing the woken flag first). A failure is thrown as the future threw it.
   *
   * @return what the poll returned
   */
  public Poll<T> poll() {
    waker.beforePoll();
    return future.poll(waker.context());
  }

  /**
   * Whether the waker was called since the last poll began.
   *
   * @return true if the task was woken since the last poll
   */
  public boolean isWoken() {
    return waker.isWoken();
  }

  /**
   * Wake-ups since the task was made.
   *
   * @return the number of wake-ups so far
   */
  public int wakeCount() {
    return waker.wakeCount();
  }

  /**
   * Polls since the task was made.
   *
   * @return the number of polls so far
   */
  public int pollCount() {
    return waker.pollCount();
  }

  /**
   * The context every poll of this task passes, whose waker counts; for polling other futures
   * by hand as if this task polled them.
   *
   * @return the task's context
   */
  public Context context() {
    return waker.context();
  }

  /**
   * The future this task polls.
   *
   * @return the future
   */
  public Future<T> future() {
    return future;
  }

  /** Polls and asserts the poll was pending. */
  public void assertPending() {
    Poll<T> p = poll();
    assertFalse(p.isReady(), () -> "expected pending, got " + brief(p));
  }

  /**
   * Polls, asserts the poll was ready, and returns the value.
   *
   * @return the value the poll gave
   */
  public T assertReady() {
    Poll<T> p = poll();
    if (!p.isReady()) {
      fail("expected ready, got pending");
    }
    return p.value();
  }

  /**
   * Polls, asserts that the poll threw, and returns what it threw. Only the poll is inside the
   * {@code try}, so the assertion itself cannot be caught and returned. An {@link AssertionError}
   * from the poll (a test double reporting misuse, such as {@link ManualFuture}'s "polled after
   * cancel") fails the test instead of being returned.
   *
   * @return what the poll threw
   */
  public Throwable assertFails() {
    Poll<T> p;
    try {
      p = poll();
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable t) {
      return t;
    }
    return fail("expected the poll to fail, got " + brief(p));
  }

  /**
   * Polls until ready, asserting that each pending poll had been woken by the time it returned
   * (for futures whose inputs are ready or wake themselves, such as a yield); returns the value.
   *
   * @param maxPolls the most polls to make before failing
   * @return the value of the first ready poll
   */
  public T runToCompletion(int maxPolls) {
    for (int i = 0; i < maxPolls; i++) {
      Poll<T> p = poll();
      if (p.isReady()) {
        return p.value();
      }
      waker.assertWokenAfterPending();
    }
    return fail("not ready after " + maxPolls + " polls");
  }

  private static String brief(Object o) {
    String s = String.valueOf(o);
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /** Cancels the future, as its owner does when it stops polling it before it completed. */
  public void cancel() {
    future.cancel();
  }
}
