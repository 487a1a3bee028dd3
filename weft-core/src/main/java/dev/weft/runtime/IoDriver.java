package dev.weft.runtime;

import dev.weft.internal.io.SelectorLoop;

/**
 * The I/O {@link Driver}: parking waits in a {@link SelectorLoop} (so sockets that become ready
 * wake their tasks while the thread sleeps), and unparking wakes the selector. It sits under the
 * {@link TimerDriver}, which bounds the wait by the next timer.
 */
final class IoDriver implements Driver {
  final SelectorLoop loop;

  IoDriver(FailureSink failures) {
    this.loop = new SelectorLoop(failures::report);
  }

  @Override
  public void park(long timeoutNanos) {
    loop.select(timeoutNanos == FOREVER ? SelectorLoop.FOREVER : timeoutNanos);
  }

  @Override
  public void unpark() {
    loop.wakeup();
  }

  @Override
  public boolean hasPendingUnpark() {
    return loop.isWoken();
  }

  @Override
  public void shutdown() {
    loop.shutdown();
  }
}
