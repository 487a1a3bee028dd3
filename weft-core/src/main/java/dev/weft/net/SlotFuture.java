package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Failures;

/**
 * A read or write future of a socket that holds its direction's {@link OpSlot} from its first
 * poll until it completes, fails or is cancelled. Once it returned ready or threw (a poll it
 * refused, outside its runtime or while another future held the slot, included), a further poll
 * throws {@link IllegalStateException} (a future that threw has completed), so a refused future never runs later.
 */
final class SlotFuture<T> implements Future<T> {
  private final OpSlot slot;
  private final Future<T> op;
  private boolean polled;
  private boolean completed;

  SlotFuture(OpSlot slot, Future<T> op) {
    this.slot = slot;
    this.op = op;
  }

  @Override
  public Poll<T> poll(Context cx) {
    if (completed) { // completed = returned ready or threw, a refused poll included
      throw Failures.polledAfterCompletion("a socket's I/O future");
    }
    Poll<T> p;
    try {
      if (!polled) {
        slot.checkRuntime(); // OpSlot: some complete without touching the socket
        polled = true;
      }
      slot.claim(this);
    } catch (Throwable t) {
      completed = true;
      throw t;
    }
    try {
      p = op.poll(cx);
    } catch (Throwable t) {
      completed = true;
      slot.release(this);
      throw t;
    }
    if (p.isReady()) {
      completed = true;
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
