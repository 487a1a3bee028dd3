package dev.weft.bench.workloads;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;

/**
 * A one-shot signal for the weft suites: a future that completes once {@link #fire()} was
 * called (from any thread). Small on purpose; W4 uses one per idle task as its "oneshot".
 */
final class Signal implements Future<Void> {
  private volatile Waker waker;
  private volatile boolean fired;

  void fire() {
    fired = true;
    Waker w = waker;
    if (w != null) {
      w.wake();
    }
  }

  @Override
  public Poll<Void> poll(Context cx) {
    if (fired) {
      return Poll.ready(null);
    }
    waker = cx.waker();
    return fired ? Poll.ready(null) : Poll.pending();
  }
}
