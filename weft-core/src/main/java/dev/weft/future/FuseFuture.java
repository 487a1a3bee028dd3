package dev.weft.future;

import dev.weft.internal.Describe;

/** {@link Future#fuse}: stays pending once the inner future completed. */
final class FuseFuture<T> implements FusedFuture<T> {
  private Future<T> inner; // null once terminated

  FuseFuture(Future<T> inner) {
    this.inner = inner;
  }

  @Override
  public Poll<T> poll(Context cx) {
    Future<T> f = inner;
    if (f == null) {
      return Poll.pending();
    }
    Poll<T> p;
    try {
      p = f.poll(cx);
    } catch (Throwable t) {
      inner = null;
      throw t;
    }
    if (p.isReady()) {
      inner = null;
    }
    return p;
  }

  @Override
  public boolean isTerminated() {
    return inner == null;
  }

  @Override
  public void cancel() {
    Future<T> f = inner;
    if (f != null) {
      inner = null;
      f.cancel();
    }
  }

  @Override
  public FusedFuture<T> fuse() {
    return this;
  }

  @Override
  public String describe() {
    return inner == null ? "fused (terminated)" : Describe.chain("fused", inner);
  }
}
