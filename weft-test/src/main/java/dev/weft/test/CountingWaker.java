package dev.weft.test;

import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The waker of a hand-driven poll ({@link MockTask}, {@link MockStream}): counts wake-ups, and
 * remembers whether one came since the last {@link #beforePoll()}. Wakes may come from any
 * thread; polls come from the test's thread.
 */
final class CountingWaker implements Waker {
  private final AtomicInteger wakes = new AtomicInteger();
  private final Context cx = Context.of(this);
  private volatile boolean woken; // since the last beforePoll
  private int polls; // the polling thread only

  @Override
  public void wake() {
    wakes.incrementAndGet();
    woken = true;
  }

  /** Call before each poll: clears the woken flag and counts the poll. */
  void beforePoll() {
    woken = false;
    polls++;
  }

  /** A pending poll that was not woken meanwhile would hang its task. */
  void assertWokenAfterPending() {
    if (!woken) {
      fail("pending without a wake-up after " + polls + " polls: the task would hang");
    }
  }

  boolean isWoken() {
    return woken;
  }

  int wakeCount() {
    return wakes.get();
  }

  int pollCount() {
    return polls;
  }

  Context context() {
    return cx;
  }
}
