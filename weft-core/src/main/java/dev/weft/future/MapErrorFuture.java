package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.Failures;
import dev.weft.internal.OnceFuture;
import java.util.function.Function;

/** {@link Future#mapError}: a failure of the inner future replaced by another. */
final class MapErrorFuture<T> extends OnceFuture<T> {
  private final Future<T> inner;
  private final Function<? super Throwable, ? extends Throwable> f;

  MapErrorFuture(Future<T> inner, Function<? super Throwable, ? extends Throwable> f) {
    this.inner = inner;
    this.f = f;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    try {
      return inner.poll(cx);
    } catch (Throwable t) {
      Throwable mapped = f.apply(t);
      if (mapped == null) {
        throw new NullPointerException("mapError(f): f returned null for " + t);
      }
      throw Failures.sneakyThrow(mapped);
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
    return Describe.chain("mapError", inner);
  }
}
