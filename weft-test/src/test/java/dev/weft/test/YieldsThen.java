package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;

/** Pending {@code n} times, waking itself each time as a yield does, then ready. */
final class YieldsThen<T> implements Future<T> {
  private int pending;
  private final T value;

  private YieldsThen(int pending, T value) {
    this.pending = pending;
    this.value = value;
  }

  static <T> YieldsThen<T> ready(int pendingPolls, T value) {
    return new YieldsThen<>(pendingPolls, value);
  }

  @Override
  public Poll<T> poll(Context cx) {
    if (pending-- > 0) {
      cx.waker().wake();
      return Poll.pending();
    }
    return Poll.ready(value);
  }
}
