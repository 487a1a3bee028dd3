package dev.weft.runtime;

import java.time.Duration;

/**
 * The coarse clock that task ages are measured with: ticks of {@value #TICK_MILLIS} ms since
 * this class was loaded. A spawn reads {@link #now()}, a plain load of a field that the
 * {@link Watchdog} thread moves on at every turn, because {@code System.nanoTime()} costs more
 * than a whole spawn on some machines (43 ns on the 2-core machine weft is measured on, where a
 * spawn costs 90 ns); the 4 bytes of the stamp fill the alignment gap at the end of a
 * {@link RawTask}. So a task's age is known to within the watchdog's period (at most
 * {@value Watchdog#MAX_PERIOD_MILLIS} ms) plus however late its thread was scheduled, and ages
 * are told apart up to 2^31 ticks (248 days).
 */
final class TaskClock {
  static final long TICK_MILLIS = 10;
  private static final long TICK_NANOS = TICK_MILLIS * 1_000_000;
  private static final long ORIGIN = System.nanoTime();
  private static volatile int now;

  private TaskClock() {}

  /** The tick of the watchdog's last turn: what a spawn stamps its task with. */
  static int now() {
    return now;
  }

  /** The tick of this instant, read from the system clock. */
  static int exactNow() {
    return (int) ((System.nanoTime() - ORIGIN) / TICK_NANOS);
  }

  /** Moves the clock on; the watchdog calls it every turn. */
  static void advance() {
    now = exactNow();
  }

  /** How long ago {@code born} was, at tick {@code at}; never negative. */
  static Duration age(int born, int at) {
    int ticks = at - born; // wraps after 2^31 ticks, as documented above
    return Duration.ofMillis(Math.max(0, ticks) * TICK_MILLIS);
  }
}
