package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Tuple2;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link Streams#unfold}: from a state, a future of the next item and the next state, or of
 * empty for the end. One step runs at a time; cancelling cancels the step in progress.
 */
final class UnfoldStream<S, T> extends BaseStream<T> {
  private final Function<? super S, ? extends Future<Optional<Tuple2<T, S>>>> f;
  private S state;
  private final FutureSlot<Optional<Tuple2<T, S>>> step = new FutureSlot<>(null); // the step in progress
  private boolean done;

  UnfoldStream(S seed, Function<? super S, ? extends Future<Optional<Tuple2<T, S>>>> f) {
    this.state = seed;
    this.f = f;
  }

  @Override
  Object pollRaw(Context cx) {
    if (done) {
      return END;
    }
    if (step.isEmpty()) {
      step.set(Objects.requireNonNull(f.apply(state), "unfold(f): f returned null instead of a future"));
    }
    Object r = step.poll(cx);
    if (r == PENDING) {
      return PENDING;
    }
    @SuppressWarnings("unchecked")
    Optional<Tuple2<T, S>> next = (Optional<Tuple2<T, S>>) Objects.requireNonNull(r,
        "unfold: a step gave null; the end is Optional.empty()");
    if (next.isEmpty()) {
      done = true;
      state = null;
      return END;
    }
    Tuple2<T, S> t = next.get();
    state = t.second();
    return Objects.requireNonNull(t.first(), "unfold: a step gave a null item; stream items are non-null");
  }

  @Override
  public void cancel() {
    done = true;
    state = null;
    step.cancel();
  }
}
