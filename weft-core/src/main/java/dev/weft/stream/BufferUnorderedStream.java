package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import java.util.function.Function;

/** {@link Stream#bufferUnordered}: up to {@code limit} futures at once, values as they finish. */
final class BufferUnorderedStream<T, U> extends RunningStage<T, U> {

  BufferUnorderedStream(BaseStream<T> up, int limit, Function<? super T, ? extends Future<U>> f) {
    super(up, limit, f, "bufferUnordered");
  }

  @Override
  long inFlight() {
    return running.size();
  }

  @Override
  Object pollRaw(Context cx) {
    fill(cx);
    Object r = running.pollRaw(cx);
    if (r instanceof FuturesUnordered.Node<?> n) {
      return FuturesUnordered.item(n);
    }
    // An empty set while the input has not ended means fill() saw the input pending.
    return r == END && !inputDone ? PENDING : r;
  }
}
