package dev.weft.runtime;

/**
 * What a runtime thread parks on when it has nothing to run: the seam where the timer wheel
 * (and later the I/O selector) plugs in. One driver per runtime; at most one thread is inside
 * {@link #park} at a time (the multi-thread runtime guards it with a lock, the current-thread
 * runtime has one thread).
 *
 * <p>{@link ThreadDriver} blocks the thread; a timer driver wraps another driver, bounds the
 * park by the next deadline and fires what is due afterwards; an I/O driver will wait in
 * {@code Selector.select(timeout)} and {@code wakeup()} it.
 */
interface Driver {
  /** Park without a deadline. */
  long FOREVER = Long.MAX_VALUE;

  /**
   * Blocks the calling thread until {@link #unpark()}, or for at most {@code timeoutNanos}
   * ({@code 0}: do not block, just process what is due; {@link #FOREVER}: no limit), then
   * processes what became due (fires timers, dispatches I/O readiness). May return early.
   */
  void park(long timeoutNanos);

  /** Makes the thread in {@link #park} return soon, or the next park return at once. Any thread. */
  void unpark();

  /** True if an unpark is pending that the next park would consume (it would return at once). */
  default boolean hasPendingUnpark() {
    return false;
  }

  /** Releases the driver's resources; wakes whatever waits on it. */
  default void shutdown() {}
}
