package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.function.Function;

/** {@link Future#map}: the inner future's value through {@code f}. */
final class MapFuture<T, U> extends OnceFuture<U> {
  private final Future<T> inner;
  private final Function<? super T, ? extends U> f;

  MapFuture(Future<T> inner, Function<? super T, ? extends U> f) {
    this.inner = inner;
    this.f = f;
  }

  @Override
  protected Poll<U> pollOnce(Context cx) {
    Poll<T> p = inner.poll(cx);
    if (p instanceof Poll.Ready<T> r) {
      return Poll.ready(f.apply(r.value()));
    }
    return Poll.pending();
  }

  @Override
  public void cancel() {
    if (!isCompleted()) {
      markCompleted();
      inner.cancel();
    }
  }

  @Override
  public String describe() {
    return Describe.chain("map", inner);
  }
}
