package dev.weft.future;

import dev.weft.internal.Describe;

/** {@link Futures#pending}: never completes, so never needs its waker. */
final class PendingFuture<T> implements Future<T> {
  static final PendingFuture<?> INSTANCE = new PendingFuture<>();

  private PendingFuture() {}

  @Override
  public Poll<T> poll(Context cx) {
    return Poll.pending();
  }

  @Override
  public String describe() {
    return "pending (never ready)";
  }
}
