package dev.weft.runtime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that watches every runtime of the JVM from outside ({@code weft-watchdog}, a
 * daemon): at each turn it moves the {@link TaskClock} on and samples what is due: each
 * runtime's {@link PollWatch}, and each multi-thread runtime's {@link DriverWatch}. It starts
 * with the first runtime and ends when the last one has closed. The runtimes it watches are
 * held weakly, so a current-thread runtime that is dropped without being closed can still be
 * collected.
 *
 * <p>No runtime thread does anything for the watchdog beyond what it does anyway: a worker
 * publishes the task it polls with one store ({@link Poller}, {@link PollSlot}), and the
 * watchdog reads it at its own pace. So a poll costs no timestamp, whether slow-poll detection
 * is on or off.
 */
final class Watchdog {
  /** The longest the watchdog sleeps between turns: the {@link TaskClock}'s resolution. */
  static final long MAX_PERIOD_MILLIS = 10;
  private static final long MAX_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_PERIOD_MILLIS);

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final Condition CHANGED = LOCK.newCondition();
  private static final List<WeakReference<Watched>> WATCHED = new ArrayList<>(); // LOCK
  private static final List<Runnable> CHORES = new ArrayList<>(); // LOCK: run at the next turn
  private static Thread thread; // LOCK: the running watchdog, or null

  private Watchdog() {}

  /** Something the watchdog samples at its own pace, on its own thread. */
  interface Watched {
    /** When the next sample is due ({@code System.nanoTime()}). */
    long nextSampleAt();

    /** Takes the sample due at {@code now}, and sets the next time. */
    void sample(long now);

    /** A sample threw: report it and go on. */
    void samplingFailed(Throwable t);
  }

  private static void report(Throwable t) {
    try {
      System.getLogger("dev.weft.runtime").log(System.Logger.Level.WARNING,
          "the watchdog thread's chore failed; the watchdog goes on", t);
    } catch (Throwable logFailed) {
      // The logger itself failed (a broken handler); the watchdog must go on regardless.
    }
  }

  /** Starts watching a runtime (and the watchdog thread, if none runs). */
  static void watch(Watched w) {
    LOCK.lock();
    try {
      WATCHED.add(new WeakReference<>(w));
      wake(); // a new runtime may be due sooner than the watchdog's next turn
    } finally {
      LOCK.unlock();
    }
  }

  /** Under LOCK: starts the watchdog thread if none runs, else wakes it for a new turn. */
  private static void wake() {
    if (thread == null) {
      TaskClock.advance(); // the first spawn must not read a clock that stood still
      thread = new Thread(Watchdog::loop, "weft-watchdog");
      thread.setDaemon(true);
      thread.start();
    } else {
      CHANGED.signal();
    }
  }

  /**
   * Runs {@code chore} on the watchdog thread at its next turn, soon: work a runtime's build
   * should not wait for (registering its MXBean starts the JVM's MBean server the first time,
   * a tenth of a second or more).
   */
  static void submit(Runnable chore) {
    LOCK.lock();
    try {
      CHORES.add(chore);
      wake();
    } finally {
      LOCK.unlock();
    }
  }

  /** Stops watching a runtime: it closed. */
  static void unwatch(Watched w) {
    LOCK.lock();
    try {
      WATCHED.removeIf(r -> {
        Watched x = r.get();
        return x == null || x == w;
      });
      CHANGED.signal();
    } finally {
      LOCK.unlock();
    }
  }

  private static void loop() {
    List<Watched> due = new ArrayList<>();
    List<Runnable> chores = new ArrayList<>();
    for (;;) {
      long now = System.nanoTime();
      TaskClock.advance();
      long sleep = MAX_PERIOD_NANOS;
      LOCK.lock();
      try {
        chores.addAll(CHORES);
        CHORES.clear();
        for (Iterator<WeakReference<Watched>> it = WATCHED.iterator(); it.hasNext(); ) {
          Watched w = it.next().get();
          if (w == null) {
            it.remove(); // its runtime was dropped without close()
          } else {
            long wait = w.nextSampleAt() - now;
            if (wait <= 0) {
              due.add(w);
            } else {
              sleep = Math.min(sleep, wait);
            }
          }
        }
        if (WATCHED.isEmpty() && chores.isEmpty() && CHORES.isEmpty()) {
          thread = null; // the last runtime closed; the next one starts a new watchdog
          return;
        }
      } finally {
        LOCK.unlock();
      }
      for (Runnable chore : chores) {
        try {
          chore.run();
        } catch (Throwable t) {
          report(t); // e.g. an MXBean registration that failed in a way it did not expect
        }
      }
      chores.clear();
      for (Watched w : due) {
        try {
          w.sample(now);
        } catch (Throwable t) {
          w.samplingFailed(t); // reported and counted; the watchdog goes on with the others
        }
        sleep = Math.min(sleep, Math.max(0, w.nextSampleAt() - System.nanoTime()));
      }
      due.clear();
      if (sleep > 0) {
        LOCK.lock();
        try {
          if (CHORES.isEmpty()) {
            CHANGED.awaitNanos(sleep);
          }
        } catch (InterruptedException e) {
          // nobody interrupts the watchdog on purpose; a stray interrupt only ends this sleep
        } finally {
          LOCK.unlock();
        }
      }
    }
  }
}
