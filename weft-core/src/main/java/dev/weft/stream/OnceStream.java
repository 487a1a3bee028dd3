package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import java.util.Objects;

/** {@link Streams#once}: the value of one future, then the end. */
final class OnceStream<T> extends BaseStream<T> {
  private final FutureSlot<T> future;

  OnceStream(Future<T> future) {
    this.future = new FutureSlot<>(future);
  }

  @Override
  Object pollRaw(Context cx) {
    if (future.isEmpty()) {
      return END;
    }
    return Objects.requireNonNull(future.poll(cx), "once: the future gave null; stream items are non-null");
  }

  @Override
  public void cancel() {
    future.cancel();
  }
}
