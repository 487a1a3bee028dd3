package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;

/** Pending {@code n} times (waking itself each time, as a yield does), then ready with the value. */
public final class YieldingFuture<T> implements Future<T> {
  private int remaining;
  private final T value;
  private boolean completed;

  public YieldingFuture(int pendingPolls, T value) {
    this.remaining = pendingPolls;
    this.value = value;
  }

  public static <T> YieldingFuture<T> after(int pendingPolls, T value) {
    return new YieldingFuture<>(pendingPolls, value);
  }

  @Override
  public Poll<T> poll(Context cx) {
    if (completed) {
      throw new IllegalStateException("polled after completion");
    }
    if (remaining > 0) {
      remaining--;
      cx.waker().wake();
      return Poll.pending();
    }
    completed = true;
    return Poll.ready(value);
  }
}
