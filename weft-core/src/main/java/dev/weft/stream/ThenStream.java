package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.internal.Cancel;
import java.util.Objects;
import java.util.function.Function;

/** {@link Stream#then}: one future per item, run one at a time. */
final class ThenStream<T, U> extends StageStream<T, U> {
  private final Function<? super T, ? extends Future<U>> f;
  private final FutureSlot<U> current = new FutureSlot<>(null); // the future of the item in progress

  ThenStream(BaseStream<T> up, Function<? super T, ? extends Future<U>> f) {
    super(up);
    this.f = f;
  }

  @Override
  Object pollRaw(Context cx) {
    if (current.isEmpty()) {
      Object o = up.pollRaw(cx);
      if (!isItem(o)) {
        return o;
      }
      current.set(Objects.requireNonNull(f.apply(item(o)), "then(f): f returned null instead of a future"));
    }
    Object v = current.poll(cx);
    return Objects.requireNonNull(v, "then(f): the future gave null; stream items are non-null");
  }

  @Override
  public void cancel() {
    Cancel.throwIfAny(Cancel.gather(Cancel.gather(null, current.take()), up));
  }
}
