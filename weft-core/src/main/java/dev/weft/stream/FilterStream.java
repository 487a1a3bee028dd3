package dev.weft.stream;

import dev.weft.future.Context;
import java.util.function.Predicate;

/** {@link Stream#filter}. */
final class FilterStream<T> extends StageStream<T, T> {
  private final Predicate<? super T> p;

  FilterStream(BaseStream<T> up, Predicate<? super T> p) {
    super(up);
    this.p = p;
  }

  @Override
  Object pollRaw(Context cx) {
    for (;;) {
      Object o = up.pollRaw(cx);
      if (!isItem(o) || p.test(item(o))) {
        return o;
      }
    }
  }
}
