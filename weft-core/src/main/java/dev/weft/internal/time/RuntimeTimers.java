package dev.weft.internal.time;

import dev.weft.internal.ThreadState;
import java.util.function.Function;

/**
 * How {@code dev.weft.time} reaches the timers of the runtime the calling thread is in without
 * depending on {@code dev.weft.runtime}: the runtime installs a lookup from its instance (which
 * it keeps in {@link ThreadState#runtime}) to its {@link Timers} when its class initializes.
 */
public final class RuntimeTimers {
  private RuntimeTimers() {}

  private static volatile Function<Object, Timers> lookup;

  /** Called once by the runtime class. */
  public static void install(Function<Object, Timers> runtimeToTimers) {
    lookup = runtimeToTimers;
  }

  /** The timers of the calling thread's runtime, or null outside a runtime. */
  public static Timers current() {
    Object runtime = ThreadState.current().runtime;
    if (runtime == null) {
      return null;
    }
    return lookup.apply(runtime);
  }
}
