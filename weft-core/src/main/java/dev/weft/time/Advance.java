package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.time.Timers;

/**
 * {@link Time#advance}: moves the paused clock and fires the timers that became due (waking
 * their tasks), then yields once so those tasks run before the caller continues (as tokio's).
 */
final class Advance extends OnceFuture<Void> {
  private final Timers timers;
  private final long nanos;
  private boolean advanced;

  Advance(Timers timers, long nanos) {
    this.timers = timers;
    this.nanos = nanos;
  }

  @Override
  protected Poll<Void> pollOnce(Context cx) {
    if (advanced) {
      return Poll.ready(null);
    }
    advanced = true;
    timers.advance(nanos);
    cx.waker().wake();
    return Poll.pending();
  }

  @Override
  public void cancel() {
    markCompleted();
  }
}
