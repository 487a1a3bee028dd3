package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;

/** {@link Future#result}: the inner future's outcome as a value; never fails. */
final class ResultFuture<T> extends OnceFuture<Result<T>> {
  private final Future<T> inner;

  ResultFuture(Future<T> inner) {
    this.inner = inner;
  }

  @Override
  protected Poll<Result<T>> pollOnce(Context cx) {
    Poll<T> p;
    try {
      p = inner.poll(cx);
    } catch (Throwable t) {
      return Poll.ready(Result.err(t));
    }
    if (p instanceof Poll.Ready<T> r) {
      return Poll.ready(Result.ok(r.value()));
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
    return Describe.chain("result", inner);
  }
}
