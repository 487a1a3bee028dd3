package dev.weft.sync;

import dev.weft.future.Future;

/**
 * A single-value channel that keeps only the latest value (tokio's {@code watch}): receivers
 * read it at any time and can wait for it to change. Good for configuration, state, progress.
 *
 * <pre>{@code
 * Watch.Sender<String> state = Watch.channel("starting");
 * Watch.Receiver<String> rx = state.subscribe();
 * state.send("running");
 * rx.changed().await();           // a value not seen yet exists: completes, marks it seen
 * rx.borrow();                    // "running"
 * }</pre>
 *
 * <p>The value current when a receiver subscribed counts as seen by it; {@link Receiver#borrow()}
 * does not mark anything seen; {@link Receiver#changed()} completes when a value the receiver has
 * not seen exists, and marks it seen. Once the sender is closed and the receiver has seen
 * everything, {@code changed()} fails with {@link ChannelClosedException}.
 */
public final class Watch {
  private Watch() {}

  /**
   * A new channel holding {@code initial}.
   *
   * @param <T> the type of the value
   * @param initial the first value, not null
   * @return the sender of a new channel
   * @throws NullPointerException if {@code initial} is null
   */
  public static <T> Sender<T> channel(T initial) {
    return new WatchCell.Tx<>(new WatchCell<>(initial));
  }

  /**
   * The sending side. A sender that becomes unreachable without {@link #close()} is closed by
   * the library's cleaner.
   *
   * @param <T> the type of the value
   */
  public interface Sender<T> extends AutoCloseable {
    /**
     * Replaces the value and wakes every receiver waiting in {@code changed()}.
     *
     * @param v the new value, not null
     * @throws NullPointerException if {@code v} is null
     * @throws IllegalStateException after {@link #close()}
     */
    void send(T v);

    /**
     * A new receiver, for which the current value counts as seen.
     *
     * @return a new receiver; close it when done
     */
    Receiver<T> subscribe();

    /** Closes the channel: {@code changed()} fails once everything was seen. Idempotent. */
    @Override
    void close();
  }

  /**
   * A receiving side. One consumer at a time for {@code changed()}; {@code borrow()} from
   * anywhere.
   *
   * @param <T> the type of the value
   */
  public interface Receiver<T> {
    /**
     * The latest value; does not mark it seen.
     *
     * @return the latest value
     */
    T borrow();

    /**
     * A future that completes when a value this receiver has not seen exists, and marks it seen;
     * it fails with {@link ChannelClosedException} once the sender is closed and every value
     * was seen. A new future on each call; each poll consumes a unit of the cooperative budget.
     *
     * <p><b>Cancel safety.</b> Nothing is marked seen until the poll that returns ready: a
     * cancelled {@code changed()} leaves the change to the next one.
     *
     * @return a new future
     */
    Future<Void> changed();
  }
}
