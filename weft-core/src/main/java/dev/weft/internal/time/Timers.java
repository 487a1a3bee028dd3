package dev.weft.internal.time;

import dev.weft.future.Waker;
import java.time.Instant;

/**
 * What a runtime offers to {@code dev.weft.time}: its clock, and timers on its wheel. Reached
 * through {@link RuntimeTimers#current()} from a thread in the runtime's context.
 */
public interface Timers {
  /** The runtime clock, in nanoseconds (virtual when paused). */
  long nanoTime();

  /** The instant of runtime-clock time {@code nanos}. */
  Instant toInstant(long nanos);

  /** The runtime-clock time of {@code instant}. */
  long fromInstant(Instant instant);

  /**
   * Registers a timer due at runtime-clock time {@code deadlineNanos}: when it is due, the
   * driver sets {@link TimerEntry#fired} and wakes the entry's waker. The returned entry may be
   * fired already (a deadline in the past).
   *
   * @throws IllegalStateException if the runtime is closed
   */
  TimerEntry register(long deadlineNanos, Waker waker);

  /** Removes a timer at once (its slot is free again); no effect on a fired one. */
  void cancel(TimerEntry entry);

  /** True if the clock is paused (it moves by advance, or jumps when every task is idle). */
  boolean isPaused();

  /** Paused clock only: moves it by {@code nanos} and fires the timers that became due. */
  void advance(long nanos);

  /** True once the runtime that owns these timers was closed. */
  boolean isShutdown();
}
