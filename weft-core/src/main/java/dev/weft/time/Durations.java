package dev.weft.time;

import dev.weft.internal.time.RuntimeTimers;
import dev.weft.internal.time.Timers;
import java.time.Duration;
import java.util.Objects;

/** Argument checks and conversions shared by the time futures. */
final class Durations {
  private Durations() {}

  /** {@code d} in nanoseconds, saturating at about 292 years; rejects null and negative. */
  static long nonNegativeNanos(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return saturatedNanos(d);
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 2;
    }
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE / 2 : r;
  }

  /** The timers of the runtime the poll runs in, or an IllegalStateException naming {@code what}. */
  static Timers requireTimers(String what) {
    Timers t = RuntimeTimers.current();
    if (t == null) {
      throw new IllegalStateException(what + " needs a runtime: it was polled where there is none"
          + " (Futures.blockOn has no timers). Run it inside AsyncRuntime.blockOn or a task");
    }
    if (t.isShutdown()) {
      throw new IllegalStateException(what + " was polled after its runtime was closed");
    }
    return t;
  }
}
