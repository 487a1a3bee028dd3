package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.function.Supplier;

/** {@link Futures#lazy}: runs the supplier on the first poll. */
final class LazyFuture<T> extends OnceFuture<T> {
  private final Supplier<? extends T> f;

  LazyFuture(Supplier<? extends T> f) {
    this.f = f;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    return Poll.ready(f.get());
  }

  @Override
  public void cancel() {
    markCompleted();
  }

  @Override
  public String describe() {
    return "lazy";
  }
}
