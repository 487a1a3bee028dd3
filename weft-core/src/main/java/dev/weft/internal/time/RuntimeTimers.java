package dev.weft.internal.time;

import dev.weft.internal.RuntimeContext;
import dev.weft.internal.ThreadState;

/**
 * How {@code dev.weft.time} reaches the timers of the runtime the calling thread is in without
 * depending on {@code dev.weft.runtime}: through the {@link RuntimeContext} in
 * {@link ThreadState#runtime}.
 */
public final class RuntimeTimers {
  private RuntimeTimers() {}

  /** The timers of the calling thread's runtime, or null outside a runtime. */
  public static Timers current() {
    RuntimeContext runtime = ThreadState.current().runtime;
    return runtime == null ? null : runtime.timers();
  }
}
