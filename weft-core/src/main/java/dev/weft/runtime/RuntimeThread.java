package dev.weft.runtime;

import dev.weft.internal.ThreadState;
import java.util.concurrent.TimeUnit;

/**
 * A thread a runtime starts (a worker, or a blocking-pool thread): it carries its own
 * {@link ThreadState}, so weft finds it without a ThreadLocal lookup.
 */
final class RuntimeThread extends Thread implements ThreadState.Carrier {
  private final ThreadState state = ThreadState.forCarrier(this);

  RuntimeThread(Runnable body, String name) {
    super(null, body, name, 0, false);
    setDaemon(true);
  }

  @Override
  public ThreadState threadState() {
    return state;
  }

  /**
   * Waits for {@code t} to end, until {@code deadlineNanos} ({@code System.nanoTime()} time;
   * {@link Long#MAX_VALUE}: no limit); true if it ended. An interrupt ends the wait and stays
   * set, so the next join of a shutdown returns at once too.
   */
  static boolean joinUntil(Thread t, long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      try {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return !t.isAlive();
  }
}
