package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.time.TimerEntry;
import dev.weft.internal.time.Timers;
import java.time.Instant;

/**
 * {@link Time#sleep} and {@link Time#sleepUntil}: the deadline is fixed at the first poll (on
 * the runtime's clock), then one wheel entry waits for it. Cancelling gives the entry back at
 * once. A ready sleep consumes one unit of the cooperative budget.
 */
final class Sleep extends OnceFuture<Void> {
  private final long durationNanos; // used when until is null
  private final Instant until;
  private Timers timers;
  private TimerEntry entry;
  private long deadline;

  Sleep(long durationNanos, Instant until) {
    this.durationNanos = durationNanos;
    this.until = until;
  }

  @Override
  protected Poll<Void> pollOnce(Context cx) {
    if (timers == null) {
      timers = Durations.requireTimers(until == null ? "Time.sleep" : "Time.sleepUntil");
      deadline = until != null
          ? timers.fromInstant(until)
          : Durations.saturatedAdd(timers.nanoTime(), durationNanos);
    } else if (timers.isShutdown()) {
      throw new IllegalStateException("a sleep was polled after its runtime was closed");
    }
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    if (isDue(cx)) {
      entry = null;
      return Poll.ready(null);
    }
    Coop.refund();
    return Poll.pending();
  }

  /** True when the deadline passed; otherwise makes sure a wheel entry will wake {@code cx}. */
  private boolean isDue(Context cx) {
    if (entry != null) {
      entry.waker = cx.waker();
      if (!entry.fired) {
        return false;
      }
    }
    if (timers.nanoTime() >= deadline) {
      return true;
    }
    // First poll, or an entry that fired early (a far deadline clamped by the wheel).
    entry = timers.register(deadline, cx.waker());
    return entry.fired && timers.nanoTime() >= deadline;
  }

  @Override
  public void cancel() {
    if (!isCompleted()) {
      markCompleted();
      if (entry != null) {
        timers.cancel(entry);
        entry = null;
      }
    }
  }

  @Override
  public String describe() {
    return (until != null ? "sleep until " + until
        : "sleep(" + Describe.duration(java.time.Duration.ofNanos(durationNanos)) + ")");
  }
}
