package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;

/**
 * A read or write future of a socket that holds its direction's {@link OpSlot} from its first
 * poll until it completes, fails or is cancelled.
 */
final class SlotFuture<T> implements Future<T> {
  private final OpSlot slot;
  private final Future<T> op;
  private boolean polled;

  SlotFuture(OpSlot slot, Future<T> op) {
    this.slot = slot;
    this.op = op;
  }

  @Override
  public Poll<T> poll(Context cx) {
    if (!polled) {
      slot.checkRuntime(); // OpSlot: some complete without touching the socket
      polled = true;
    }
    slot.claim(this);
    Poll<T> p;
    try {
      p = op.poll(cx);
    } catch (Throwable t) {
      slot.release(this);
      throw t;
    }
    if (p.isReady()) {
      slot.release(this);
    }
    return p;
  }

  @Override
  public void cancel() {
    slot.release(this);
    op.cancel();
  }
}
