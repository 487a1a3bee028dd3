package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.Failures;
import dev.weft.internal.OnceFuture;

/** {@link Futures#failed}. */
final class FailedFuture<T> extends OnceFuture<T> {
  private final Throwable error;

  FailedFuture(Throwable error) {
    this.error = error;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    throw Failures.sneakyThrow(error);
  }

  @Override
  public void cancel() {
    markCompleted();
  }

  @Override
  public String describe() {
    return "failed(" + error.getClass().getSimpleName() + ")";
  }
}
