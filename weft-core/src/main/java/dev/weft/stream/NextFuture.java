package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.Optional;

/**
 * {@link Stream#next}: the next item of a stream it borrows. Cancelling it leaves the stream
 * alone: it belongs to the caller, who may ask for the next item again.
 */
final class NextFuture<T> extends OnceFuture<Optional<T>> {
  private final BaseStream<T> stream;

  NextFuture(BaseStream<T> stream) {
    this.stream = stream;
  }

  @Override
  public String describe() {
    return "next(" + Describe.nameOf(stream) + ")";
  }

  @Override
  protected Poll<Optional<T>> pollOnce(Context cx) {
    return BaseStream.toPoll(stream.pollRaw(cx));
  }

  @Override
  public void cancel() {
    markCompleted();
  }
}
