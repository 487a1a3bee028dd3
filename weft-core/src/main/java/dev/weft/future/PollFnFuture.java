package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.Objects;
import java.util.function.Function;

/** {@link Futures#pollFn}: a future whose poll is a function. */
final class PollFnFuture<T> extends OnceFuture<T> {
  private final Function<Context, Poll<T>> f;

  PollFnFuture(Function<Context, Poll<T>> f) {
    this.f = f;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    return Objects.requireNonNull(f.apply(cx), "pollFn: the function returned null instead of a Poll");
  }

  @Override
  public void cancel() {
    markCompleted();
  }

  @Override
  public String describe() {
    return "pollFn(" + Describe.nameOf(f) + ")";
  }
}
