package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;

/**
 * The one future a stream has in progress ({@link ThenStream}'s step, {@link OnceStream}'s
 * future, {@link UnfoldStream}'s step): empty once that future finished, failed, or was
 * cancelled, so it is never polled again nor cancelled after it completed.
 */
final class FutureSlot<U> {
  private Future<? extends U> future;

  FutureSlot(Future<? extends U> future) {
    this.future = future;
  }

  boolean isEmpty() {
    return future == null;
  }

  void set(Future<? extends U> f) {
    future = f;
  }

  /**
   * Polls the future held (the slot must not be empty): its value, which may be null, or
   * {@link BaseStream#PENDING}. The slot is empty afterwards if the future completed or threw.
   */
  Object poll(Context cx) {
    Poll<? extends U> p;
    try {
      p = future.poll(cx);
    } catch (Throwable t) {
      future = null;
      throw t;
    }
    if (!(p instanceof Poll.Ready<? extends U> r)) {
      return BaseStream.PENDING;
    }
    future = null;
    return r.value();
  }

  /** Empties the slot and returns the future it held (null if none), for its owner to cancel. */
  Future<? extends U> take() {
    Future<? extends U> f = future;
    future = null;
    return f;
  }

  /** Cancels the future held, if any, and empties the slot. */
  void cancel() {
    Future<? extends U> f = take();
    if (f != null) {
      f.cancel();
    }
  }
}
