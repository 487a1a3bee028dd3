package dev.weft.stream;

import dev.weft.future.Context;

/** {@link Stream#skip}. */
final class SkipStream<T> extends StageStream<T, T> {
  private long remaining;

  SkipStream(BaseStream<T> up, long n) {
    super(up);
    this.remaining = n;
  }

  @Override
  Object pollRaw(Context cx) {
    for (;;) {
      Object o = up.pollRaw(cx);
      if (!isItem(o) || remaining == 0) {
        return o;
      }
      remaining--;
    }
  }
}
