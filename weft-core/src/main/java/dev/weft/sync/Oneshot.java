package dev.weft.sync;

import dev.weft.future.Future;

/**
 * A channel for one value (tokio's {@code oneshot}): the {@link Sender} sends at most once, the
 * {@link Receiver} is a future of that value.
 *
 * <pre>{@code
 * Oneshot.Channel<String> ch = Oneshot.channel();
 * worker.submit(() -> ch.sender().send(compute()));
 * String answer = ch.receiver().await();   // ChannelClosedException if the sender closed without sending
 * }</pre>
 *
 * <p>The receiver fails with {@link ChannelClosedException} if the sender closed (or became
 * unreachable) without sending. Cancelling the receiver closes it: a later send returns false.
 */
public final class Oneshot {
  private Oneshot() {}

  /**
   * A new channel.
   *
   * @param <T> the type of the value
   * @return the two ends of a new channel
   */
  public static <T> Channel<T> channel() {
    OneshotCell<T> cell = new OneshotCell<>();
    return new Channel<>(new OneshotCell.Tx<>(cell), cell);
  }

  /**
   * The two ends of a new channel.
   *
   * @param sender sends the value
   * @param receiver the future of the value
   * @param <T> the type of the value
   */
  public record Channel<T>(Sender<T> sender, Receiver<T> receiver) {}

  /**
   * Sends the one value. A sender that becomes unreachable without sending or closing is closed
   * by the library's cleaner, so the receiver does not wait forever.
   *
   * @param <T> the type of the value
   */
  public interface Sender<T> extends AutoCloseable {
    /**
     * Sends {@code v}: true if the receiver will get it, false if the receiver is closed (the
     * value is dropped).
     *
     * @param v the value
     * @return true if the receiver will get {@code v}
     * @throws NullPointerException if {@code v} is null
     * @throws IllegalStateException on a second send, or after {@link #close()}
     */
    boolean send(T v);

    /** Closes without sending: the receiver fails with {@link ChannelClosedException}. Idempotent. */
    @Override
    void close();

    /**
     * True once the receiver is closed (a send would return false).
     *
     * @return true once the receiver is closed
     */
    boolean isClosed();
  }

  /**
   * The future of the value; it fails with {@link ChannelClosedException} if the sender closed
   * without sending. Each poll consumes a unit of the cooperative budget.
   *
   * <p><b>Cancel safety.</b> Cancelling the receiver closes it, as {@link Receiver#close()}
   * does: the sender's later {@code send} returns false, and a value already sent is dropped.
   *
   * @param <T> the type of the value
   */
  public interface Receiver<T> extends Future<T>, AutoCloseable {
    /**
     * Closes the receiver: a later send returns false. A value sent before still completes this
     * future; otherwise polling it fails with {@link ChannelClosedException}. Idempotent.
     */
    @Override
    void close();
  }
}
