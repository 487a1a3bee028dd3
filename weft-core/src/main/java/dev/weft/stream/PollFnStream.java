package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import java.util.Optional;
import java.util.function.Function;

/** {@link Streams#pollFn}: a stream whose poll is a function. */
final class PollFnStream<T> extends BaseStream<T> {
  private final Function<Context, Poll<Optional<T>>> f;

  PollFnStream(Function<Context, Poll<Optional<T>>> f) {
    this.f = f;
  }

  @Override
  Object pollRaw(Context cx) {
    return fromPoll(f.apply(cx), "the pollFn function");
  }
}
