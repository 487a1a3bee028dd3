package dev.weft.runtime;

import dev.weft.internal.ThreadState;

/**
 * A thread a runtime starts (a worker, or a blocking-pool thread): it carries its own
 * {@link ThreadState}, so weft finds it without a ThreadLocal lookup.
 */
final class RuntimeThread extends Thread implements ThreadState.Carrier {
  private final ThreadState state = ThreadState.forCarrier(this);

  RuntimeThread(Runnable body, String name) {
    super(null, body, name, 0, false);
    setDaemon(true);
  }

  @Override
  public ThreadState threadState() {
    return state;
  }
}
