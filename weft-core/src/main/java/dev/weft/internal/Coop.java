package dev.weft.internal;

import dev.weft.future.Context;

/**
 * The cooperative budget (tokio's {@code coop}): a task may do a bounded number of ready
 * operations per poll, so one busy task cannot starve the others on its worker.
 *
 * <p>A runtime gives each task poll a fresh budget ({@link #BUDGET}). Channel, lock and timer
 * operations call {@link #proceed(Context)} before completing: while budget remains it consumes
 * one unit and returns true; once the budget is spent it wakes the task (so it is polled again
 * soon) and returns false, and the operation returns pending instead of its ready value. An
 * operation that consumed a unit but then turns out pending gives it back with {@link #refund()}.
 * Outside a runtime task (under {@code Futures.blockOn}, say) there is no budget and
 * {@code proceed} always returns true.
 */
public final class Coop {
  private Coop() {}

  /** Ready operations a task may do per poll (tokio's figure). */
  public static final int BUDGET = 128;

  /**
   * Consumes one unit of the running task's budget; if none is left, wakes {@code cx}'s waker and
   * returns false, and the caller must return pending.
   */
  public static boolean proceed(Context cx) {
    ThreadState s = ThreadState.current();
    int b = s.budget;
    if (b == ThreadState.UNCONSTRAINED) {
      return true;
    }
    if (b > 0) {
      s.budget = b - 1;
      return true;
    }
    cx.waker().wake();
    return false;
  }

  /** Gives back the unit taken by a {@link #proceed} whose operation then returned pending. */
  public static void refund() {
    ThreadState s = ThreadState.current();
    if (s.budget != ThreadState.UNCONSTRAINED) {
      s.budget++;
    }
  }

  /** True if the running task still has budget (or none is tracked); consumes nothing. */
  public static boolean hasBudget() {
    int b = ThreadState.current().budget;
    return b == ThreadState.UNCONSTRAINED || b > 0;
  }

  /** For runtimes: starts a task poll with a full budget; returns the previous value to restore. */
  public static int begin(ThreadState s) {
    int previous = s.budget;
    s.budget = BUDGET;
    return previous;
  }

  /** For runtimes: ends a task poll, restoring what {@link #begin} returned. */
  public static void end(ThreadState s, int previous) {
    s.budget = previous;
  }
}
