package dev.weft.runtime;

import java.util.concurrent.locks.LockSupport;

/** The plain {@link Driver}: parks the thread with {@link LockSupport}, nothing to process. */
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
