package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.internal.Cancel;

/**
 * {@link Stream#fuse}: after the end, or a failure (the input is then cancelled), or a cancel,
 * it gives the end without polling the input again.
 */
final class FuseStream<T> extends StageStream<T, T> implements FusedStream<T> {
  private boolean terminated;

  FuseStream(BaseStream<T> up) {
    super(up);
  }

  @Override
  Object pollRaw(Context cx) {
    if (terminated) {
      return END;
    }
    Object o;
    try {
      o = up.pollRaw(cx);
    } catch (Throwable t) {
      terminated = true;
      throw Cancel.allThenFail(t, up);
    }
    if (o == END) {
      terminated = true;
    }
    return o;
  }

  @Override
  public boolean isTerminated() {
    return terminated;
  }

  @Override
  public void cancel() {
    if (!terminated) {
      terminated = true;
      up.cancel();
    }
  }
}
