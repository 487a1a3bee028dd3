package dev.weft.internal.time;

/**
 * The seam through which a runtime reads time: the system's monotonic clock, or a paused one
 * that moves only when told (tests of hour-long timeouts that finish in milliseconds).
 */
public interface Clock {
  /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** The system clock. */
  Clock SYSTEM = System::nanoTime;

  /** A clock that stands still until {@link #advance} or {@link #advanceTo} moves it. */
  final class Paused implements Clock {
    private final java.util.concurrent.atomic.AtomicLong now;

    public Paused(long start) {
      this.now = new java.util.concurrent.atomic.AtomicLong(start);
    }

    @Override
    public long nanoTime() {
      return now.get();
    }

    /** Moves the clock forward by {@code nanos}. */
    public void advance(long nanos) {
      now.addAndGet(nanos);
    }

    /** Moves the clock to {@code nanos} if that is later than now. */
    public void advanceTo(long nanos) {
      now.accumulateAndGet(nanos, Math::max);
    }
  }
}
