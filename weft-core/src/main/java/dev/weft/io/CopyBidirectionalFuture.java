package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Tuple2;
import dev.weft.internal.OnceFuture;

/**
 * {@link Io#copyBidirectional}: two {@link CopyBuffer}s polled side by side in one future. A
 * direction whose reader ended (every byte written and flushed) shuts down its writer, the other
 * side's; the future is ready when both directions have done so. When a direction fails, the
 * other is cancelled (its buffer dropped, never polled again) and the future fails with that
 * failure.
 */
final class CopyBidirectionalFuture extends OnceFuture<Tuple2<Long, Long>> {
  private final Direction aToB;
  private final Direction bToA;

  CopyBidirectionalFuture(AsyncRead aIn, AsyncWrite aOut, AsyncRead bIn, AsyncWrite bOut) {
    this.aToB = new Direction(new CopyBuffer(aIn, bOut));
    this.bToA = new Direction(new CopyBuffer(bIn, aOut));
  }

  @Override
  protected Poll<Tuple2<Long, Long>> pollOnce(Context cx) {
    boolean aToBDone = pollOrCancel(aToB, bToA, cx);
    boolean bToADone = pollOrCancel(bToA, aToB, cx);
    if (aToBDone && bToADone) {
      return Poll.ready(new Tuple2<>(aToB.copy.copied(), bToA.copy.copied()));
    }
    return Poll.pending();
  }

  private static boolean pollOrCancel(Direction d, Direction other, Context cx) {
    try {
      return d.poll(cx);
    } catch (Throwable t) {
      d.copy.release();
      other.copy.release();
      throw t;
    }
  }

  @Override
  public void cancel() {
    markCompleted();
    aToB.copy.release();
    bToA.copy.release();
  }

  /** One direction: the copy, then the shutdown of its writer. */
  private static final class Direction {
    final CopyBuffer copy;
    boolean shutDown;

    Direction(CopyBuffer copy) {
      this.copy = copy;
    }

    boolean poll(Context cx) {
      if (shutDown) {
        return true;
      }
      if (!copy.poll(cx) || !copy.writer().pollShutdown(cx).isReady()) {
        return false;
      }
      shutDown = true;
      return true;
    }
  }
}
