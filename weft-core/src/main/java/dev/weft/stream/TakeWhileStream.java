package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.internal.Cancel;
import java.util.function.Predicate;

/**
 * {@link Stream#takeWhile}. At the first item for which the predicate is false it drops that
 * item, ends, and cancels the input.
 */
final class TakeWhileStream<T> extends StageStream<T, T> {
  private final Predicate<? super T> p;
  private boolean done;

  TakeWhileStream(BaseStream<T> up, Predicate<? super T> p) {
    super(up);
    this.p = p;
  }

  @Override
  Object pollRaw(Context cx) {
    if (done) {
      return END;
    }
    Object o = up.pollRaw(cx);
    if (isItem(o) && !p.test(item(o))) {
      done = true;
      Cancel.allKeepingOutcome("takeWhile: cancelling the input at the end", up);
      return END;
    }
    return o;
  }

  @Override
  public void cancel() {
    if (!done) {
      done = true;
      up.cancel();
    }
  }
}
