package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.internal.Cancel;

/**
 * {@link Stream#take}. Once it gave its {@code n} items it cancels the input, which it will
 * never poll again (what dropping Rust's {@code Take} does when its consumer finishes).
 */
final class TakeStream<T> extends StageStream<T, T> {
  private long remaining;
  private boolean released;

  TakeStream(BaseStream<T> up, long n) {
    super(up);
    this.remaining = n;
  }

  @Override
  Object pollRaw(Context cx) {
    if (remaining == 0) {
      releaseKeepingOutcome();
      return END;
    }
    Object o = up.pollRaw(cx);
    if (isItem(o) && --remaining == 0) {
      releaseKeepingOutcome(); // the last item is out of the input already: it must get through
    }
    return o;
  }

  /** Cancels the input in a poll that gives an item or the end: a failing cleanup is reported. */
  private void releaseKeepingOutcome() {
    if (!released) {
      released = true;
      Cancel.allKeepingOutcome("take: cancelling the input after the last item", up);
    }
  }

  @Override
  public void cancel() {
    if (!released) {
      released = true;
      up.cancel();
    }
  }
}
