package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.internal.Cancel;

/** {@link Stream#chain}: the first stream to its end, then the second. */
final class ChainStream<T> extends BaseStream<T> {
  private BaseStream<? extends T> first; // null once it ended
  private final BaseStream<? extends T> second;

  ChainStream(BaseStream<? extends T> first, BaseStream<? extends T> second) {
    this.first = first;
    this.second = second;
  }

  @Override
  Object pollRaw(Context cx) {
    BaseStream<? extends T> f = first;
    if (f != null) {
      Object o = f.pollRaw(cx);
      if (o != END) {
        return o;
      }
      first = null;
    }
    return second.pollRaw(cx);
  }

  @Override
  public void cancel() {
    BaseStream<? extends T> f = first;
    first = null;
    Cancel.all(f, second);
  }
}
