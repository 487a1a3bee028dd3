package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Tuple2;
import dev.weft.internal.Cancel;

/**
 * {@link Stream#zip}: an item of each input makes a pair. An item that arrives first waits for
 * its partner. When either input ends the zip ends, dropping a waiting item and cancelling the
 * other input (it will not be polled again).
 */
final class ZipStream<T, U> extends BaseStream<Tuple2<T, U>> {
  private final BaseStream<T> left;
  private final BaseStream<U> right;
  private Object leftItem;  // an item of the left input waiting for its partner, or null
  private Object rightItem; // likewise for the right
  private boolean done;

  ZipStream(BaseStream<T> left, BaseStream<U> right) {
    this.left = left;
    this.right = right;
  }

  @Override
  Object pollRaw(Context cx) {
    if (done) {
      return END;
    }
    if (leftItem == null) {
      Object o = left.pollRaw(cx);
      if (o == END) {
        return end(right);
      }
      if (o != PENDING) {
        leftItem = o;
      }
    }
    if (rightItem == null) {
      Object o = right.pollRaw(cx);
      if (o == END) {
        return end(left);
      }
      if (o != PENDING) {
        rightItem = o;
      }
    }
    if (leftItem == null || rightItem == null) {
      return PENDING;
    }
    Tuple2<T, U> pair = new Tuple2<>(item(leftItem), item(rightItem));
    leftItem = null;
    rightItem = null;
    return pair;
  }

  /** One input ended: the zip ends and cancels {@code other}, whose failing cleanup is reported. */
  private Object end(BaseStream<?> other) {
    done = true;
    leftItem = null;
    rightItem = null;
    Cancel.allKeepingOutcome("zip: cancelling the other input at the end", other);
    return END;
  }

  @Override
  public void cancel() {
    if (!done) {
      done = true;
      leftItem = null;
      rightItem = null;
      Cancel.all(left, right);
    }
  }
}
