package dev.weft.internal;

import dev.weft.internal.io.SelectorLoop;
import dev.weft.internal.time.Timers;

/**
 * What the layers below the runtime need from the runtime the calling thread is in, reached
 * through {@link ThreadState#runtime}: its timers, its selectors, and where a failure nobody can
 * receive goes.
 * The runtime implements it (package-private, in {@code dev.weft.runtime}); the packages below
 * it use it without depending on the runtime.
 */
public interface RuntimeContext {
  /** The runtime's clock and timer wheel. */
  Timers timers();

  /**
   * The selector a channel first polled on the calling thread registers with: the calling
   * worker's own when each worker has one, else the runtime's.
   */
  SelectorLoop selectorForNewChannel();

  /** True once the runtime's {@code close()} began. */
  boolean isClosed();

  /**
   * Counts {@code failure} in the runtime's {@code unhandledFailures()} and logs it; never
   * throws.
   *
   * @param what what failed, in a few words ("race: cancelling a losing input")
   */
  void reportUnhandled(String what, Throwable failure);
}
