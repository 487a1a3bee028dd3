package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
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
  private Future<Optional<Tuple2<T, S>>> step; // the step in progress, or null
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
    Future<Optional<Tuple2<T, S>>> s = step;
    if (s == null) {
      s = Objects.requireNonNull(f.apply(state), "unfold(f): f returned null instead of a future");
      step = s;
    }
    Poll<Optional<Tuple2<T, S>>> p;
    try {
      p = s.poll(cx);
    } catch (Throwable t) {
      step = null;
      throw t;
    }
    if (!(p instanceof Poll.Ready<Optional<Tuple2<T, S>>> r)) {
      return PENDING;
    }
    step = null;
    Optional<Tuple2<T, S>> next = Objects.requireNonNull(r.value(),
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
    Future<?> s = step;
    if (s != null) {
      step = null;
      s.cancel();
    }
  }
}
