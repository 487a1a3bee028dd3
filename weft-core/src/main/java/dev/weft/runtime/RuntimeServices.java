package dev.weft.runtime;

import dev.weft.internal.RuntimeContext;
import dev.weft.internal.ThreadState;
import dev.weft.internal.time.Timers;

/**
 * A runtime as the layers below it see it ({@link RuntimeContext}): what a thread in the
 * runtime's context holds in {@link ThreadState#runtime}. One per {@link AsyncRuntime}.
 */
final class RuntimeServices implements RuntimeContext {
  final AsyncRuntime runtime;
  private final TimerDriver timers;
  private final FailureSink failures;

  RuntimeServices(AsyncRuntime runtime, TimerDriver timers, FailureSink failures) {
    this.runtime = runtime;
    this.timers = timers;
    this.failures = failures;
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
