package dev.weft.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * The plain {@link Driver}: parks the thread with {@link LockSupport}, nothing to process.
 *
 * <p>Callers clear their thread's interrupt flag before parking here (a set flag makes
 * {@code LockSupport.park} return at once, so an idle runtime would spin): a runtime thread's
 * flag means nothing to the runtime, and a {@code blockOn} caller gets its flag back on return.
 */
final class ThreadDriver implements Driver {
  private volatile Thread parked;
  private volatile boolean notified;

  @Override
  public void park(long timeoutNanos) {
    if (timeoutNanos <= 0) {
      notified = false;
      return;
    }
    parked = Thread.currentThread();
    if (!notified) { // an unpark after this read sees `parked` (both volatile) and unparks us
      // An interrupt arriving now makes this park return early: a spurious return, which every
      // caller handles by looking for work and parking again (its flag cleared first).
      if (timeoutNanos == FOREVER) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, timeoutNanos);
      }
    }
    parked = null;
    notified = false;
  }

  @Override
  public boolean hasPendingUnpark() {
    return notified;
  }

  @Override
  public void unpark() {
    notified = true;
    Thread t = parked;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }
}
