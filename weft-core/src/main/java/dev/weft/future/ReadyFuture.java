package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;

/** {@link Futures#ready}. */
final class ReadyFuture<T> extends OnceFuture<T> {
  private T value;

  ReadyFuture(T value) {
    this.value = value;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    T v = value;
    value = null;
    return Poll.ready(v);
  }

  @Override
  public void cancel() {
    markCompleted();
    value = null;
  }

  @Override
  public String describe() {
    return "ready";
  }
}
