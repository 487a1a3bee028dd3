package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.Objects;
import java.util.function.Function;

/** {@link Stream#then}: one future per item, run one at a time. */
final class ThenStream<T, U> extends StageStream<T, U> {
  private final Function<? super T, ? extends Future<U>> f;
  private Future<U> current; // the future of the item in progress, or null

  ThenStream(BaseStream<T> up, Function<? super T, ? extends Future<U>> f) {
    super(up);
    this.f = f;
  }

  @Override
  Object pollRaw(Context cx) {
    Future<U> fut = current;
    if (fut == null) {
      Object o = up.pollRaw(cx);
      if (!isItem(o)) {
        return o;
      }
      fut = Objects.requireNonNull(f.apply(item(o)), "then(f): f returned null instead of a future");
      current = fut;
    }
    Poll<U> p;
    try {
      p = fut.poll(cx);
    } catch (Throwable t) {
      current = null;
      throw t;
    }
    if (!(p instanceof Poll.Ready<U> r)) {
      return PENDING;
    }
    current = null;
    return Objects.requireNonNull(r.value(), "then(f): the future gave null; stream items are non-null");
  }

  @Override
  public void cancel() {
    Future<U> fut = current;
    current = null;
    try {
      if (fut != null) {
        fut.cancel();
      }
    } finally {
      up.cancel();
    }
  }
}
