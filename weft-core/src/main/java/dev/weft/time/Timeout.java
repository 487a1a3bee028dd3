package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Cancel;
import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.time.TimerEntry;
import dev.weft.internal.time.Timers;
import java.time.Duration;

/**
 * {@link Time#timeout}: polls the inner future first, so a future that is ready wins even
 * against a zero limit; then the deadline. On expiry it cancels the inner future (its finally
 * blocks run) and fails with {@link Elapsed}; if that cleanup throws, what it threw is suppressed
 * in the {@code Elapsed}. The deadline check consumes no budget, so a task whose budget is spent
 * still times out.
 */
final class Timeout<T> extends OnceFuture<T> {
  private final Future<T> inner;
  private final Duration limit;
  private final long limitNanos;
  private Timers timers;
  private TimerEntry entry;
  private long deadline;

  Timeout(Future<T> inner, Duration limit, long limitNanos) {
    this.inner = inner;
    this.limit = limit;
    this.limitNanos = limitNanos;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    if (timers == null) {
      timers = Durations.requireTimers("Time.timeout");
      deadline = Durations.saturatedAdd(timers.nanoTime(), limitNanos);
    }
    Poll<T> p;
    try {
      p = inner.poll(cx);
    } catch (Throwable t) {
      releaseEntry();
      throw t;
    }
    if (p.isReady()) {
      releaseEntry();
      return p;
    }
    if (timers.nanoTime() >= deadline) {
      return expire();
    }
    if (entry == null || entry.fired) { // first time, or fired early (a far deadline was clamped)
      entry = timers.register(deadline, cx.waker());
    } else {
      entry.waker = cx.waker(); // then re-check: the driver sets fired before reading the waker
    }
    if (entry.fired && timers.nanoTime() >= deadline) {
      return expire();
    }
    return Poll.pending();
  }

  /** Cancels the inner future and fails with Elapsed, a failing cleanup suppressed in it. */
  private Poll<T> expire() {
    entry = null;
    throw Cancel.allThenFail(new Elapsed("deadline of " + limit + " has elapsed"), inner);
  }

  private void releaseEntry() {
    if (entry != null) {
      timers.cancel(entry);
      entry = null;
    }
  }

  @Override
  public void cancel() {
    if (!isCompleted()) {
      markCompleted();
      Throwable cleanupFailure = Cancel.gather(null, inner);
      releaseEntry();
      Cancel.throwIfAny(cleanupFailure);
    }
  }

  @Override
  public String describe() {
    return Describe.chain("timeout(" + Describe.duration(limit) + ")", inner);
  }
}
