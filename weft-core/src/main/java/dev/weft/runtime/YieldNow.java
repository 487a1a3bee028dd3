package dev.weft.runtime;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.ThreadState;

/**
 * {@link Task#yieldNow()}: pending once, with its task woken at once (to the back of a queue),
 * or on a multi-thread worker once that worker has run its other tasks ({@link Worker#deferYield}).
 */
final class YieldNow extends OnceFuture<Void> {
  private boolean yielded;

  @Override
  protected Poll<Void> pollOnce(Context cx) {
    if (yielded) {
      return Poll.ready(null);
    }
    yielded = true;
    Waker w = cx.waker();
    if (w instanceof RawTask<?> task) {
      if (ThreadState.current().worker instanceof Worker worker
          && worker.scheduler == task.scheduler) {
        worker.deferYield(task); // woken after this worker's other work (Worker#deferYield)
      } else {
        task.wake(); // called directly: through the Waker interface this call is megamorphic
      }
    } else {
      w.wake();
    }
    return Poll.pending();
  }

  @Override
  public void cancel() {
    markCompleted();
  }

  @Override
  public String describe() {
    return "yieldNow";
  }
}
