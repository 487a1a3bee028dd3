package dev.weft.internal;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;

/**
 * Base of the library's futures that complete once: after {@link #pollOnce} returned ready or
 * threw (or after {@link #markCompleted}), a further poll throws {@link IllegalStateException}
 * (only fused futures may be polled again after they completed).
 */
public abstract class OnceFuture<T> implements Future<T> {
  private boolean completed;

  @Override
  public final Poll<T> poll(Context cx) {
    if (completed) {
      throw Failures.polledAfterCompletion(this);
    }
    Poll<T> p;
    try {
      p = pollOnce(cx);
    } catch (Throwable t) {
      completed = true;
      throw t;
    }
    if (p.isReady()) {
      completed = true;
    }
    return p;
  }

  /** One poll of a future that has not completed yet; may throw to fail. */
  protected abstract Poll<T> pollOnce(Context cx);

  /** True after a ready poll, a failure, or {@link #markCompleted}. */
  protected final boolean isCompleted() {
    return completed;
  }

  /** Marks the future completed (a cancelled future is never polled again). */
  protected final void markCompleted() {
    completed = true;
  }
}
