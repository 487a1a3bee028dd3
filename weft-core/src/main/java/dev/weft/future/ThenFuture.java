package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.Objects;
import java.util.function.Function;

/** {@link Future#then}: the first future, then the future {@code f} makes of its value. */
final class ThenFuture<T, U> extends OnceFuture<U> {
  private Future<T> first;
  private Function<? super T, ? extends Future<U>> f;
  private Future<U> second;

  ThenFuture(Future<T> first, Function<? super T, ? extends Future<U>> f) {
    this.first = first;
    this.f = f;
  }

  @Override
  protected Poll<U> pollOnce(Context cx) {
    if (second == null) {
      Poll<T> p = first.poll(cx);
      if (!(p instanceof Poll.Ready<T> r)) {
        return Poll.pending();
      }
      Future<U> next = f.apply(r.value());
      second = Objects.requireNonNull(next, "then(f): f returned null instead of a future");
      first = null;
      f = null;
    }
    return second.poll(cx);
  }

  @Override
  public void cancel() {
    if (!isCompleted()) {
      markCompleted();
      Future<?> active = second != null ? second : first;
      active.cancel();
    }
  }

  @Override
  public String describe() {
    return second != null ? Describe.chain("then (second)", second)
        : Describe.chain("then (first)", first);
  }
}
