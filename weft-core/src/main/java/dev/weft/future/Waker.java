package dev.weft.future;

/**
 * Tells an executor that a task can make progress and should be polled again.
 *
 * <p>A waker may be called from any thread, any number of times; waking a task that is already
 * scheduled, or that completed, does nothing. Waking must be cheap and must never block.
 */
@FunctionalInterface
public interface Waker {
  /** Asks for the task to be polled again. Any thread, any number of times; never blocks. */
  void wake();

  /**
   * A waker that does nothing.
   *
   * @return the one no-op waker
   */
  static Waker noop() {
    return NoopWaker.INSTANCE;
  }
}

enum NoopWaker implements Waker {
  INSTANCE;

  @Override
  public void wake() {}
}
