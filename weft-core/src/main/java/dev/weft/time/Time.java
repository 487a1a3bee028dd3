package dev.weft.time;

import dev.weft.future.Future;
import dev.weft.internal.time.RuntimeTimers;
import dev.weft.internal.time.Timers;
import dev.weft.stream.Stream;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Timers on the runtime's clock: tokio's {@code tokio::time}.
 *
 * <pre>{@code
 * Time.sleep(Duration.ofMillis(100)).await();
 * String s = Time.timeout(Duration.ofSeconds(1), fetch()).await();   // Elapsed if too slow
 * }</pre>
 *
 * <p>Creating a timer does nothing; it needs a runtime only when polled: inside a task or
 * {@code AsyncRuntime.blockOn}. Polled without one (under {@code Futures.blockOn}, say) it throws
 * {@link IllegalStateException}. Each runtime has one hierarchical timer wheel (0.1 ms resolution;
 * a timer never fires early), so a million pending sleeps cost memory, not time. A runtime with
 * no socket registered sleeps with {@code LockSupport.parkNanos}, which wakes within tens of
 * microseconds of the deadline; one with sockets waits in its selector, whose unit is the
 * millisecond, so its timers may fire up to a millisecond later.
 *
 * <p>A runtime built with {@code AsyncRuntime.builder().startPaused(true)} runs on a paused clock:
 * time moves only by {@link #advance}, or jumps to the next timer when every task is idle, so a
 * test of an hour-long timeout finishes in milliseconds and gives the same answer every run.
 */
public final class Time {
  private Time() {}

  /**
   * A future that completes {@code d} after its first poll.
   *
   * <p><b>Cancel safety:</b> cancelling it removes its timer at once.
   *
   * @param d how long to sleep, not negative
   * @return a new future
   * @throws IllegalArgumentException if {@code d} is negative
   */
  public static Future<Void> sleep(Duration d) {
    return new Sleep(Durations.nonNegativeNanos(d, "sleep duration"), null);
  }

  /**
   * A future that completes at {@code deadline} on the runtime clock (at once if it passed).
   *
   * @param deadline when to wake
   * @return a new future
   */
  public static Future<Void> sleepUntil(Instant deadline) {
    Objects.requireNonNull(deadline, "deadline");
    return new Sleep(0, deadline);
  }

  /**
   * {@code f}, limited to {@code d} from its first poll: if {@code f} is not done by then, it is
   * cancelled (its finally blocks run) and the future fails with {@link Elapsed}.
   *
   * <p><b>Cancel safety:</b> cancelling the timeout cancels {@code f} and removes the timer.
   *
   * @param <T> the type of the value
   * @param d the time limit, not negative
   * @param f the future to limit
   * @return a new future of the value of {@code f}
   * @throws IllegalArgumentException if {@code d} is negative
   */
  public static <T> Future<T> timeout(Duration d, Future<T> f) {
    long nanos = Durations.nonNegativeNanos(d, "timeout");
    Objects.requireNonNull(f, "f");
    return new Timeout<>(f, d, nanos);
  }

  /**
   * A stream of ticks every {@code period}: the first at its first poll, each yielding the
   * instant it was scheduled for; missed ticks come in a burst ({@link MissedTickBehavior#BURST}).
   * The stream never ends.
   *
   * <p><b>Cancel safety:</b> cancelling the stream removes its timer; a tick not yet taken is lost.
   *
   * @param period the time between ticks, positive
   * @return a new stream of ticks
   * @throws IllegalArgumentException if {@code period} is zero or negative
   */
  public static Stream<Instant> interval(Duration period) {
    return interval(period, MissedTickBehavior.BURST);
  }

  /**
   * {@link #interval(Duration)} with the given behaviour for missed ticks.
   *
   * @param period the time between ticks, positive
   * @param missedTicks what to do when ticks were missed
   * @return a new stream of ticks
   */
  public static Stream<Instant> interval(Duration period, MissedTickBehavior missedTicks) {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(missedTicks, "missedTicks");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("interval period must be positive: " + period);
    }
    return new Interval(Durations.saturatedNanos(period), missedTicks);
  }

  /**
   * The runtime clock's time (virtual when the clock is paused); outside a runtime, the system
   * clock.
   *
   * @return the current time
   */
  public static Instant now() {
    Timers t = RuntimeTimers.current();
    return t == null ? Instant.now() : t.toInstant(t.nanoTime());
  }

  /**
   * A future that moves the paused clock by {@code d}, fires the timers that became due and
   * yields once, so the tasks they woke run before it completes.
   *
   * @param d how far to move the clock, not negative
   * @return a new future
   * @throws IllegalArgumentException if {@code d} is negative
   * @throws IllegalStateException where the clock is not paused (outside a runtime, or a runtime
   *     built without {@code startPaused(true)})
   */
  public static Future<Void> advance(Duration d) {
    long nanos = Durations.nonNegativeNanos(d, "advance duration");
    Timers t = RuntimeTimers.current();
    if (t == null || !t.isPaused()) {
      throw new IllegalStateException("Time.advance needs a paused clock: call it inside a runtime"
          + " built with AsyncRuntime.builder().startPaused(true)");
    }
    return new Advance(t, nanos);
  }
}
