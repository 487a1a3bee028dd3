package dev.weft.runtime;

import dev.weft.internal.RuntimeContext;
import dev.weft.internal.ThreadState;
import dev.weft.internal.io.SelectorLoop;
import dev.weft.internal.time.Timers;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runtime as the layers below it see it ({@link RuntimeContext}): what a thread in the
 * runtime's context holds in {@link ThreadState#runtime}. One per {@link AsyncRuntime}.
 */
final class RuntimeServices implements RuntimeContext {
  final AsyncRuntime runtime;
  private final TimerDriver timers;
  private final FailureSink failures;
  private final List<IoDriver> selectors; // one, or one per worker (index = worker index)
  private final MultiThreadScheduler perWorker; // set when each worker has its own selector
  private final AtomicInteger nextForeign = new AtomicInteger();

  RuntimeServices(AsyncRuntime runtime, TimerDriver timers, FailureSink failures,
      List<IoDriver> selectors, MultiThreadScheduler perWorker) {
    this.runtime = runtime;
    this.timers = timers;
    this.failures = failures;
    this.selectors = selectors;
    this.perWorker = perWorker;
  }

  @Override
  public SelectorLoop selectorForNewChannel() {
    if (selectors.size() == 1) {
      return selectors.get(0).loop;
    }
    Worker w = perWorker.currentWorker();
    if (w != null) {
      return w.io.loop; // readiness is then dispatched where the task that polled it runs
    }
    // A blocking task or the caller of blockOn: spread over the workers.
    return selectors.get(Math.floorMod(nextForeign.getAndIncrement(), selectors.size())).loop;
  }

  @Override
  public boolean isClosed() {
    return runtime.isClosed();
  }

  @Override
  public Timers timers() {
    return timers;
  }

  @Override
  public void reportUnhandled(String what, Throwable failure) {
    failures.report(what + " threw, and nobody else will see it", failure);
  }
}
