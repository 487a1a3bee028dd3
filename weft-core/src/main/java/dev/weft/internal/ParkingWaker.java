package dev.weft.internal;

import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The waker of a thread that polls one future and parks between polls (Futures.blockOn, a
 * multi-thread runtime's blockOn). States: EMPTY, PARKED (the thread sleeps), NOTIFIED (a wake
 * came, not yet consumed). A wake swaps in NOTIFIED and unparks only a PARKED thread, so the
 * common case, a future that wakes its own task while being polled, costs one atomic swap and no
 * system call.
 */
public final class ParkingWaker implements Waker {
  private static final int EMPTY = 0;
  private static final int PARKED = 1;
  private static final int NOTIFIED = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(ParkingWaker.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Thread thread;
  private volatile int state;

  public ParkingWaker(Thread thread) {
    this.thread = thread;
  }

  @Override
  public void wake() {
    if (state != NOTIFIED && (int) STATE.getAndSet(this, NOTIFIED) == PARKED) {
      LockSupport.unpark(thread);
    }
  }

  /** Wakes the thread even if no wake is due (shutdown: it re-checks why it waits). */
  public void nudge() {
    wake();
  }

  /**
   * Returns once a wake came since the last return (at once if one is pending). An interrupt
   * does not end the wait: it is cleared (so parking works) and reported by returning true.
   */
  public boolean await() {
    boolean interrupted = false;
    if (STATE.compareAndSet(this, NOTIFIED, EMPTY)) {
      return false;
    }
    if (STATE.compareAndSet(this, EMPTY, PARKED)) {
      do {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      } while (state == PARKED);
    }
    state = EMPTY; // consume the NOTIFIED that ended the wait
    return interrupted;
  }
}
