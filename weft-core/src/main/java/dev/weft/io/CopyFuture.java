package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;

/** {@link Io#copy}: one {@link CopyBuffer} run to its end. */
final class CopyFuture extends OnceFuture<Long> {
  private final CopyBuffer copy;

  CopyFuture(AsyncRead from, AsyncWrite to) {
    this.copy = new CopyBuffer(from, to);
  }

  @Override
  protected Poll<Long> pollOnce(Context cx) {
    return copy.poll(cx) ? Poll.ready(copy.copied()) : Poll.pending();
  }

  @Override
  public void cancel() {
    markCompleted();
    copy.release();
  }
}
