package dev.weft.runtime;

import dev.weft.future.Waker;
import dev.weft.internal.time.Clock;
import dev.weft.internal.time.TimerEntry;
import dev.weft.internal.time.TimerWheel;
import dev.weft.internal.time.Timers;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The runtime's time driver: a {@link TimerWheel} in front of another {@link Driver} (the I/O
 * driver, or a plain thread parker). The inner driver is fixed ({@code defaultInner}), or given
 * at each park when every worker of a multi-thread runtime has a selector of its own: then
 * whichever worker holds the timers sleeps on its own selector.
 *
 * <h2>How it works</h2>
 * <ol>
 *   <li>Ticks are tenths of a millisecond since the runtime was built ({@link #NANOS_PER_TICK});
 *       a deadline is rounded up to the next tick, so a timer never fires early.
 *   <li>{@link #park} fires what is due; if that woke anything it returns at once. Otherwise it
 *       sleeps on the inner driver until the next expiration (or the caller's limit) and fires
 *       what became due on waking.
 *   <li>Due timers are collected under the lock in batches of {@value #BATCH}, and their wakers
 *       woken after the lock is released: one lock round trip per batch, not per timer, and no
 *       waker ever runs under the lock.
 *   <li>While a thread sleeps here, {@code sleepingUntil} holds the tick it will wake at; a timer
 *       registered with an earlier deadline unparks it, so it re-computes its sleep.
 *   <li>Paused clock (current-thread runtime only): time moves by {@link #advance}, or, when the
 *       runtime would sleep because every task is idle, jumps to the next timer (auto-advance)
 *       instead of sleeping, unless a wake-up is pending or a blocking task is still running
 *       (its result could wake a task before that timer).
 * </ol>
 */
final class TimerDriver implements Driver, Timers {
  static final int BATCH = 32;
  /**
   * A tick is a tenth of a millisecond. A deadline is rounded up to the next tick, so the
   * rounding alone makes a timer fire half a tick late on average: 50 µs, where a millisecond
   * tick (tokio's) costs 500. The wheel still spans 2^36 ticks (about 80 days) before it clamps
   * a deadline (TimerWheel rule 5).
   */
  private static final long NANOS_PER_TICK = 100_000;

  private final Driver defaultInner;          // null when each park names its inner driver
  private volatile Driver sleepingOn;          // the inner driver the holder sleeps on now
  private volatile boolean unparkWithNobodyIn; // without a default inner: kept for the next park
  private final FailureSink failures;
  private final Clock clock;
  private final Clock.Paused paused; // null unless the clock is paused
  private final long startNanos;
  private final Instant startInstant;
  private final BooleanSupplier autoAdvanceAllowed;
  private final ReentrantLock lock = new ReentrantLock();
  private final TimerWheel wheel = new TimerWheel();
  private final TimerEntry[] batch = new TimerEntry[BATCH]; // driver thread only
  private volatile long sleepingUntil = Long.MAX_VALUE;      // tick; MAX when nobody sleeps here
  private volatile boolean shutdown;

  TimerDriver(Driver inner, boolean startPaused, BooleanSupplier autoAdvanceAllowed,
      FailureSink failures) {
    this.defaultInner = inner;
    this.failures = failures;
    this.startInstant = Instant.now();
    long start = System.nanoTime();
    this.startNanos = start;
    this.paused = startPaused ? new Clock.Paused(start) : null;
    this.clock = startPaused ? paused : Clock.SYSTEM;
    this.autoAdvanceAllowed = autoAdvanceAllowed;
  }

  // ---- Timers ----

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }

  @Override
  public Instant toInstant(long nanos) {
    return startInstant.plusNanos(nanos - startNanos);
  }

  @Override
  public long fromInstant(Instant instant) {
    java.time.Duration d = java.time.Duration.between(startInstant, instant);
    try {
      return Math.addExact(startNanos, d.toNanos());
    } catch (ArithmeticException tooFar) {
      return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }

  private long tickOf(long nanos) {
    long delta = nanos - startNanos;
    if (delta <= 0) {
      return 0;
    }
    return (delta + NANOS_PER_TICK - 1) / NANOS_PER_TICK; // rule 1: round up
  }

  long nowTick() {
    return (clock.nanoTime() - startNanos) / NANOS_PER_TICK;
  }

  long nanosOfTick(long tick) {
    return startNanos + tick * NANOS_PER_TICK;
  }

  @Override
  public TimerEntry register(long deadlineNanos, Waker waker) {
    TimerEntry e = new TimerEntry(waker);
    long tick = tickOf(deadlineNanos);
    boolean wakeSleeper;
    lock.lock();
    try {
      if (shutdown) {
        throw new IllegalStateException("a timer was polled after its runtime was closed");
      }
      if (tick <= wheel.elapsed() || deadlineNanos <= clock.nanoTime()) {
        e.fired = true; // already due: no need to enter the wheel
        return e;
      }
      wheel.insert(e, tick);
      wakeSleeper = tick < sleepingUntil; // rule 4
    } finally {
      lock.unlock();
    }
    if (wakeSleeper) {
      unpark();
    }
    return e;
  }

  @Override
  public void cancel(TimerEntry entry) {
    // Not entry.isLinked(): the cascade unlinks an entry and re-places it under the lock, so an
    // unlocked look can catch it linked nowhere for a moment and miss it. `fired` is set under
    // the lock when the driver takes an entry out for good, so reading true is final.
    if (entry.fired) {
      return;
    }
    lock.lock();
    try {
      wheel.remove(entry);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isPaused() {
    return paused != null;
  }

  @Override
  public void advance(long nanos) {
    if (paused == null) {
      throw new IllegalStateException("Time.advance needs a paused clock: build the runtime with"
          + " AsyncRuntime.builder().startPaused(true)");
    }
    paused.advance(nanos);
    fireDue();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  /** Timers now in the wheel (for tests and metrics). */
  int pendingTimers() {
    lock.lock();
    try {
      return wheel.size();
    } finally {
      lock.unlock();
    }
  }

  // ---- Driver ----

  @Override
  public void park(long timeoutNanos) {
    park(timeoutNanos, defaultInner);
  }

  /** {@link #park(long)} on {@code inner}: the calling worker's own driver. */
  void park(long timeoutNanos, Driver inner) {
    if (fireDue() > 0 || timeoutNanos == 0) {
      if (timeoutNanos == 0) {
        inner.park(0);
      }
      return; // rule 2: work was produced, or the caller must not sleep
    }
    if (paused != null && autoAdvance(inner)) {
      return;
    }
    long wait = timeoutNanos;
    lock.lock();
    try {
      long next = wheel.nextExpiration();
      if (next != TimerWheel.NONE) {
        long untilNext = Math.max(0, nanosOfTick(next) - clock.nanoTime());
        if (paused == null) {
          wait = Math.min(wait, untilNext);
        }
      }
      sleepingOn = inner; // before sleepingUntil: whoever sees the deadline finds the sleeper
      sleepingUntil = next; // rule 4: earlier timers unpark us
    } finally {
      lock.unlock();
    }
    if (defaultInner == null && unparkWithNobodyIn) {
      unparkWithNobodyIn = false; // an unpark came while nobody slept here: do not sleep now
      wait = 0;
    }
    try {
      inner.park(wait);
    } finally {
      sleepingUntil = Long.MAX_VALUE;
      sleepingOn = null;
    }
    fireDue();
  }

  /**
   * Rule 5: jump the paused clock to the next timer if nothing else could wake a task first.
   * The wheel's next expiration is a lower bound (a slot's start above level 0), so the jump
   * repeats until a timer fires or none is left.
   */
  private boolean autoAdvance(Driver inner) {
    if (!autoAdvanceAllowed.getAsBoolean() || inner.hasPendingUnpark()) {
      return false;
    }
    for (;;) {
      long next;
      lock.lock();
      try {
        next = wheel.nextExpiration();
      } finally {
        lock.unlock();
      }
      if (next == TimerWheel.NONE) {
        return false;
      }
      paused.advanceTo(nanosOfTick(next));
      if (fireDue() > 0) {
        return true;
      }
    }
  }

  /**
   * Wakes the thread sleeping here, or makes the next park return at once. Without a default
   * inner driver the flag is kept here, set before the sleeper is looked up: a parker sets
   * {@code sleepingOn} before it reads the flag, so one of the two sees the other.
   */
  @Override
  public void unpark() {
    if (defaultInner != null) {
      defaultInner.unpark();
      return;
    }
    unparkWithNobodyIn = true;
    Driver d = sleepingOn;
    if (d != null) {
      d.unpark();
    }
  }

  @Override
  public boolean hasPendingUnpark() {
    return defaultInner != null ? defaultInner.hasPendingUnpark() : unparkWithNobodyIn;
  }

  /** Fires every due timer, in batches (rule 3); returns how many fired. */
  private int fireDue() {
    long now = nowTick();
    int total = 0;
    for (;;) {
      int n;
      lock.lock();
      try {
        if (now <= wheel.elapsed() && !wheel.hasDue()) {
          return total;
        }
        n = wheel.poll(now, batch);
        for (int i = 0; i < n; i++) {
          batch[i].fired = true;
        }
      } finally {
        lock.unlock();
      }
      wakeAll(batch, n);
      total += n;
      if (n < BATCH) {
        return total;
      }
    }
  }

  /**
   * Wakes the wakers of the first {@code n} entries of {@code entries} and clears the slots. A
   * waker that throws is reported and the rest of the batch is still woken: those entries are
   * already out of the wheel, so a wake-up skipped here would be lost for good.
   */
  private void wakeAll(TimerEntry[] entries, int n) {
    for (int i = 0; i < n; i++) {
      TimerEntry e = entries[i];
      entries[i] = null;
      Waker w = e.waker;
      if (w != null) {
        try {
          w.wake();
        } catch (Throwable t) {
          failures.report("a waker threw when its timer fired", t);
        }
      }
    }
  }

  /** Closing: no timer may be registered any more; every pending one is woken (its poll fails). */
  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
    } finally {
      lock.unlock();
    }
    // Not `batch`: a worker may still be firing with it (the closing thread is not the driver's).
    TimerEntry[] taken = new TimerEntry[BATCH];
    long far = Long.MAX_VALUE / 4;
    for (;;) {
      int n;
      lock.lock();
      try {
        n = wheel.poll(far, taken);
        for (int i = 0; i < n; i++) {
          taken[i].fired = true;
        }
      } finally {
        lock.unlock();
      }
      wakeAll(taken, n);
      if (n < BATCH) {
        break;
      }
    }
    if (defaultInner != null) {
      defaultInner.shutdown();
    }
  }
}
