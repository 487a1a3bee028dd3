package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.internal.Cancel;
import java.util.Objects;
import java.util.function.Function;

/** {@link Stream#flatMap}: the inner stream of each item, read to its end before the next item. */
final class FlatMapStream<T, U> extends StageStream<T, U> {
  private final Function<? super T, ? extends Stream<U>> f;
  private BaseStream<U> inner; // the stream of the item in progress, or null

  FlatMapStream(BaseStream<T> up, Function<? super T, ? extends Stream<U>> f) {
    super(up);
    this.f = f;
  }

  @Override
  Object pollRaw(Context cx) {
    for (;;) {
      BaseStream<U> in = inner;
      if (in != null) {
        Object o = in.pollRaw(cx);
        if (o != END) {
          return o;
        }
        inner = null;
      }
      Object o = up.pollRaw(cx);
      if (!isItem(o)) {
        return o;
      }
      inner = BaseStream.of(Objects.requireNonNull(f.apply(item(o)),
          "flatMap(f): f returned null instead of a stream"));
    }
  }

  @Override
  public void cancel() {
    BaseStream<U> in = inner;
    inner = null;
    Cancel.all(in, up);
  }
}
