package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.Objects;

/** {@link Streams#once}: the value of one future, then the end. */
final class OnceStream<T> extends BaseStream<T> {
  private Future<T> future; // null once it finished or was cancelled

  OnceStream(Future<T> future) {
    this.future = future;
  }

  @Override
  Object pollRaw(Context cx) {
    Future<T> f = future;
    if (f == null) {
      return END;
    }
    Poll<T> p;
    try {
      p = f.poll(cx);
    } catch (Throwable t) {
      future = null;
      throw t;
    }
    if (!(p instanceof Poll.Ready<T> r)) {
      return PENDING;
    }
    future = null;
    return Objects.requireNonNull(r.value(), "once: the future gave null; stream items are non-null");
  }

  @Override
  public void cancel() {
    Future<T> f = future;
    if (f != null) {
      future = null;
      f.cancel();
    }
  }
}
