package dev.weft.future;

import java.util.Objects;

/**
 * What a {@link Future#poll} receives from the executor polling it: the {@link Waker} of the
 * task being polled.
 */
public final class Context {
  private static final Context NOOP = new Context(Waker.noop());

  private final Waker waker;

  private Context(Waker waker) {
    this.waker = waker;
  }

  /**
   * A context whose waker is {@code waker}.
   *
   * @param waker the waker a future polled with this context arranges to be woken
   * @return a new context
   */
  public static Context of(Waker waker) {
    Objects.requireNonNull(waker, "waker");
    return waker == Waker.noop() ? NOOP : new Context(waker);
  }

  /**
   * The waker to wake when the polled future can make progress.
   *
   * @return the waker of the poll in progress
   */
  public Waker waker() {
    return waker;
  }
}
