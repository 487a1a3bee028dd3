package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;

/**
 * Polls a future by hand and counts its wake-ups, as tokio-test's mock task: poll, then assert
 * pending, woken or ready.
 *
 * <pre>{@code
 * var task = MockTask.of(future);
 * task.assertPending();
 * trigger.complete(42);
 * assertTrue(task.isWoken());
 * assertEquals(42, task.assertReady());
 * }</pre>
 */
public final class MockTask<T> {
  private final Future<T> future;
  private final CountingWaker waker = new CountingWaker();

  private MockTask(Future<T> future) {
    this.future = future;
  }

  public static <T> MockTask<T> of(Future<T> future) {
    return new MockTask<>(future);
  }

  /** Polls once (clearing the woken flag first); a failure is thrown as the future threw it. */
  public Poll<T> poll() {
    waker.beforePoll();
    return future.poll(waker.context());
  }

  /** True if the waker was called since the last poll. */
  public boolean isWoken() {
    return waker.isWoken();
  }

  /** Wake-ups since the task was made. */
  public int wakeCount() {
    return waker.wakeCount();
  }

  public int pollCount() {
    return waker.pollCount();
  }

  public Context context() {
    return waker.context();
  }

  public Future<T> future() {
    return future;
  }

  /** Polls and asserts the poll was pending. */
  public void assertPending() {
    Poll<T> p = poll();
    assertFalse(p.isReady(), () -> "expected pending, got " + brief(p));
  }

  /** Polls, asserts the poll was ready, and returns the value. */
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

  /** Polls until ready, asserting each pending poll was woken first; returns the value. */
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

  public void cancel() {
    future.cancel();
  }
}
