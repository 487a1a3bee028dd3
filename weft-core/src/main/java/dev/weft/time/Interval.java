package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.internal.time.TimerEntry;
import dev.weft.internal.time.Timers;
import dev.weft.stream.Stream;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link Time#interval}: a stream of the instants of a schedule that starts at the first poll
 * (first tick at once) and never ends; late ticks follow a {@link MissedTickBehavior}. One wheel
 * entry at a time; cancelling the stream gives it back.
 */
final class Interval implements Stream<Instant> {
  /** Lateness below which a tick is not treated as missed (tokio's 5 ms). */
  private static final long SLACK_NANOS = 5_000_000;

  private final long period;
  private final MissedTickBehavior behavior;
  private Timers timers;
  private TimerEntry entry;
  private long next; // the next tick's scheduled time
  private boolean cancelled;

  Interval(long period, MissedTickBehavior behavior) {
    this.period = period;
    this.behavior = behavior;
  }

  @Override
  public Poll<Optional<Instant>> pollNext(Context cx) {
    if (cancelled) {
      throw new IllegalStateException("an interval was polled after it was cancelled");
    }
    if (timers == null) {
      timers = Durations.requireTimers("Time.interval");
      next = timers.nanoTime(); // the schedule starts now: first tick at once
    } else if (timers.isShutdown()) {
      throw new IllegalStateException("an interval was polled after its runtime was closed");
    }
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    long now = timers.nanoTime();
    if (now < next) {
      if (entry == null || entry.fired) {
        entry = timers.register(next, cx.waker());
      } else {
        entry.waker = cx.waker();
      }
      if (!(entry.fired && timers.nanoTime() >= next)) {
        Coop.refund();
        return Poll.pending();
      }
      now = timers.nanoTime();
    }
    entry = null;
    long tick = next;
    next = now > tick + SLACK_NANOS ? behavior.next(tick, now, period) : tick + period;
    return Poll.ready(Optional.of(timers.toInstant(tick)));
  }

  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      if (entry != null) {
        timers.cancel(entry);
        entry = null;
      }
    }
  }
}
