package dev.weft.stream;

import dev.weft.future.Context;

/**
 * {@link Stream#take}. Once it gave its {@code n} items it cancels the input, which it will
 * never poll again (what dropping Rust's {@code Take} does when its consumer finishes).
 */
final class TakeStream<T> extends StageStream<T, T> {
  private long remaining;
  private boolean released;

  TakeStream(BaseStream<T> up, long n) {
    super(up);
    this.remaining = n;
  }

  @Override
  Object pollRaw(Context cx) {
    if (remaining == 0) {
      release();
      return END;
    }
    Object o = up.pollRaw(cx);
    if (isItem(o) && --remaining == 0) {
      release();
    }
    return o;
  }

  private void release() {
    if (!released) {
      released = true;
      up.cancel();
    }
  }

  @Override
  public void cancel() {
    release();
  }
}
