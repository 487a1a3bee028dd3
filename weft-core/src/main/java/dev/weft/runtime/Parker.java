package dev.weft.runtime;

import dev.weft.internal.Padding;
import dev.weft.internal.jfr.Jfr;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How one worker of the multi-thread runtime sleeps: on the runtime's {@link TimerDriver} if it
 * can take the driver's lock (so one sleeping worker keeps timers and I/O going), else on its own.
 * Alone, it sleeps on its own selector when it has one (each worker its own: its sockets stay
 * served while it sleeps), else on its thread. {@link #unpark()} wakes it wherever it sleeps.
 *
 * <p>States: EMPTY, PARKED_CONDVAR, PARKED_DRIVER, NOTIFIED. Unpark swaps in NOTIFIED and wakes
 * what the old state says; park consumes NOTIFIED first, so an unpark before a park is not lost.
 */
final class Parker extends Padding.Before {
  private static final int EMPTY = 0;
  private static final int PARKED_CONDVAR = 1;
  private static final int PARKED_DRIVER = 2;
  private static final int NOTIFIED = 3;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Parker.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int index;
  private final TimerDriver driver;
  private final Driver local; // this worker's own selector, or null: one selector for all
  private final ReentrantLock driverLock;
  private final DriverSleep driverSleep;
  private final String runtimeName; // for Flight Recorder events
  private volatile int state;
  private volatile Thread thread;
  /**
   * Whether the last park ended by an {@link #unpark()} (a hand-off from another thread) rather
   * than by readiness of this worker's own sockets, a timer or a timeout. Read by its own worker
   * only ({@link Worker}'s spin).
   */
  private boolean lastWakeWasUnpark = true;

  Parker(int index, TimerDriver driver, Driver local, ReentrantLock driverLock,
      DriverSleep driverSleep, String runtimeName) {
    this.index = index;
    this.runtimeName = runtimeName;
    this.driver = driver;
    this.local = local;
    this.driverLock = driverLock;
    this.driverSleep = driverSleep;
  }

  /**
   * Whether the worker holding the driver sleeps without a deadline. It decides its deadline
   * when it parks; when another worker is woken later, the runtime nudges it, so it parks again
   * with the stall check's deadline (it must watch busy workers' LIFO slots, Worker).
   */
  static final class DriverSleep {
    volatile boolean forever;
    /** The index of the worker sleeping on the driver, or -1 while none does. */
    volatile int holder = -1;
  }

  /**
   * Sleeps until unparked. If this worker takes the driver, it sleeps on it for at most
   * {@code driverTimeoutNanos} ({@link Driver#FOREVER}: no limit) and lets it process what is
   * due. Returns true if this worker held the driver while it slept. A driver holder about to
   * sleep without a deadline looks at {@code othersBusy} once more after announcing it, and
   * sleeps {@code busyTimeoutNanos} instead if another worker became busy meanwhile. Whether it
   * holds the driver or not, it sleeps no longer than {@code maxSleepNanos} ({@link
   * Driver#FOREVER}: no limit), after which it returns as from a spurious wake-up.
   */
  boolean park(long driverTimeoutNanos, BooleanSupplier othersBusy, long busyTimeoutNanos,
      long maxSleepNanos) {
    thread = Thread.currentThread();
    // A task may leave the worker's interrupt flag set (restoring it after catching
    // InterruptedException, as the idiom goes); with it set, every park below returns at once
    // and an idle worker would spin. The flag of a worker thread means nothing to the runtime.
    Thread.interrupted();
    lastWakeWasUnpark = true;
    if (STATE.compareAndSet(this, NOTIFIED, EMPTY)) {
      return false;
    }
    if (driverLock.tryLock()) {
      try {
        if (!STATE.compareAndSet(this, EMPTY, PARKED_DRIVER)) {
          state = EMPTY; // notified meanwhile
          return true;
        }
        long timeout = driverTimeoutNanos;
        if (timeout == Driver.FOREVER) {
          // Publish "forever" before the last look at the other workers: a worker woken after
          // this store sees it and nudges us; one woken before it is seen here (both sides are
          // a volatile store then a volatile load: Dekker's argument).
          driverSleep.forever = true;
          if (othersBusy.getAsBoolean()) {
            driverSleep.forever = false;
            timeout = busyTimeoutNanos;
          }
        }
        timeout = Math.min(timeout, maxSleepNanos); // "forever" above is the stall check's view
        driverSleep.holder = index;
        try {
          if (local != null) {
            driver.park(timeout, local);
          } else {
            driver.park(timeout);
          }
        } finally {
          driverSleep.holder = -1;
          driverSleep.forever = false;
        }
        // woken, timed out or spurious: the caller looks for work either way
        lastWakeWasUnpark = (int) STATE.getAndSet(this, EMPTY) == NOTIFIED;
        return true;
      } finally {
        driverLock.unlock();
      }
    }
    // Not the driver holder: an unpark, or readiness of this worker's own sockets.
    if (!STATE.compareAndSet(this, EMPTY, PARKED_CONDVAR)) {
      state = EMPTY;
      return false;
    }
    if (local != null) {
      local.park(maxSleepNanos); // dispatches this worker's I/O; returns on any of it, or unpark
      Thread.interrupted();
      // woken, or I/O queued work here: the caller looks for work either way
      lastWakeWasUnpark = (int) STATE.getAndSet(this, EMPTY) == NOTIFIED;
      return false;
    }
    long deadline = maxSleepNanos == Driver.FOREVER ? 0 : System.nanoTime() + maxSleepNanos;
    do {
      if (maxSleepNanos == Driver.FOREVER) {
        LockSupport.park(this);
      } else {
        long left = deadline - System.nanoTime();
        if (left <= 0 && STATE.compareAndSet(this, PARKED_CONDVAR, EMPTY)) {
          lastWakeWasUnpark = false; // timed out; a notification that came first is taken below
          return false;
        }
        LockSupport.parkNanos(this, Math.max(left, 1));
      }
      Thread.interrupted(); // see above: an interrupt must not turn this loop into a spin
    } while (!STATE.compareAndSet(this, NOTIFIED, EMPTY));
    return false;
  }

  /**
   * Whether the last {@link #park} ended by an unpark (or did not sleep because of one), and not
   * by this worker's own I/O or a timer. A worker woken by its own sockets has nothing to gain
   * from spinning before its next sleep: its next work comes from the selector too.
   */
  boolean lastWakeWasUnpark() {
    return lastWakeWasUnpark;
  }

  /** Wakes the worker, or makes its next park return at once. Any thread. */
  void unpark() {
    int previous = (int) STATE.getAndSet(this, NOTIFIED);
    if ((previous == PARKED_CONDVAR || previous == PARKED_DRIVER) && Jfr.on()) {
      WorkerEvents.unparked(runtimeName, index);
    }
    if (previous == PARKED_CONDVAR) {
      if (local != null) {
        local.unpark();
      } else {
        Thread t = thread;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    } else if (previous == PARKED_DRIVER) {
      if (local != null) {
        local.unpark();
      } else {
        driver.unpark();
      }
    }
  }
}
