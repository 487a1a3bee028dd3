package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.function.Function;

/** {@link Future#recover}: a failure of the inner future turned into a value. */
final class RecoverFuture<T> extends OnceFuture<T> {
  private final Future<T> inner;
  private final Function<? super Throwable, ? extends T> f;

  RecoverFuture(Future<T> inner, Function<? super Throwable, ? extends T> f) {
    this.inner = inner;
    this.f = f;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    try {
      return inner.poll(cx);
    } catch (Throwable t) {
      return Poll.ready(f.apply(t));
    }
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
    return Describe.chain("recover", inner);
  }
}
