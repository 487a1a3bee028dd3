package dev.weft.stream;

import dev.weft.future.Context;

/** A stream that is not one of ours, read through its public {@code pollNext}. */
final class ForeignStream<T> extends BaseStream<T> {
  private final Stream<? extends T> inner;
  private boolean cancelled;

  ForeignStream(Stream<? extends T> inner) {
    this.inner = inner;
  }

  @Override
  Object pollRaw(Context cx) {
    return fromPoll(inner.pollNext(cx), "a Stream's pollNext");
  }

  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      inner.cancel();
    }
  }
}
