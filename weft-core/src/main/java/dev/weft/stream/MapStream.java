package dev.weft.stream;

import dev.weft.future.Context;
import java.util.Objects;
import java.util.function.Function;

/** {@link Stream#map}. */
final class MapStream<T, U> extends StageStream<T, U> {
  private final Function<? super T, ? extends U> f;

  MapStream(BaseStream<T> up, Function<? super T, ? extends U> f) {
    super(up);
    this.f = f;
  }

  @Override
  Object pollRaw(Context cx) {
    Object o = up.pollRaw(cx);
    if (!isItem(o)) {
      return o;
    }
    return Objects.requireNonNull(f.apply(item(o)), "map(f): f returned null; stream items are non-null");
  }
}
