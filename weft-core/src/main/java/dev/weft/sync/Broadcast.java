package dev.weft.sync;

import dev.weft.future.Future;
import dev.weft.stream.Stream;
import java.util.Optional;

/**
 * A multi-consumer channel (tokio's {@code broadcast}): every {@link Receiver} sees every value
 * sent after it subscribed.
 *
 * <pre>{@code
 * Broadcast.Sender<String> events = Broadcast.channel(16);
 * Broadcast.Receiver<String> rx = events.subscribe();
 * events.send("started");                     // returns 1: one receiver will see it
 * rx.recv().await();                           // Optional["started"]
 * }</pre>
 *
 * <p>The channel keeps exactly {@code capacity} values for slow receivers; the sender never
 * waits. A receiver that falls more than {@code capacity} values behind gets one
 * {@link LaggedException} from {@code recv()} (with the number of values it missed) and then
 * continues from the oldest value still kept. After the sender closed, each receiver drains what
 * it has not seen yet, then {@code recv()} gives empty.
 */
public final class Broadcast {
  private Broadcast() {}

  /**
   * A new channel that keeps {@code capacity} values; subscribe receivers from the sender.
   *
   * @param <T> the type of the values
   * @param capacity how many values the channel keeps for slow receivers, at least 1
   * @return the sender of a new channel
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public static <T> Sender<T> channel(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    return new BroadcastChan.Tx<>(new BroadcastChan<>(capacity));
  }

  /**
   * The sending side. A sender that becomes unreachable without {@link #close()} is closed by
   * the library's cleaner, so receivers do not wait forever.
   *
   * @param <T> the type of the values
   */
  public interface Sender<T> extends AutoCloseable {
    /**
     * Sends {@code v} to every current receiver, without waiting; returns how many receivers
     * will see it (0: nobody is subscribed and the value is dropped).
     *
     * @param v the value
     * @return the number of receivers that will see {@code v}
     * @throws NullPointerException if {@code v} is null
     * @throws IllegalStateException after {@link #close()}
     */
    int send(T v);

    /**
     * A new receiver that sees every value sent from now on (none, after {@link #close()}).
     *
     * @return a new receiver; close it when done
     */
    Receiver<T> subscribe();

    /** Closes the channel: receivers drain what they have not seen, then end. Idempotent. */
    @Override
    void close();
  }

  /**
   * A receiving side; also a {@link Stream}, where a lag fails the stream with
   * {@link LaggedException}. One consumer at a time. A receiver that becomes unreachable
   * without {@link #close()} stops counting in {@link Sender#send}'s result once the library's
   * cleaner has run.
   *
   * <p><b>Cancel safety of the stream view.</b> {@code next()} is cancel-safe as
   * {@link #recv()} is: a value is taken only in the poll that returns it. Cancelling the stream
   * itself ({@link #cancel()}) closes the receiver.
   *
   * @param <T> the type of the values
   */
  public interface Receiver<T> extends Stream<T>, AutoCloseable {
    /**
     * A future of the next value this receiver has not seen: empty once the sender closed and
     * everything was seen; fails once with {@link LaggedException} if values were overwritten
     * before this receiver saw them (the next recv continues from the oldest kept value). A
     * new future on each call; each poll consumes a unit of the cooperative budget.
     *
     * <p><b>Cancel safety.</b> A value is taken only in the poll that returns it: a recv
     * cancelled before it completed consumed nothing.
     *
     * @return a new future of the next value, or of empty at the end
     */
    Future<Optional<T>> recv();

    /**
     * Unsubscribes: values sent from now on are not for this receiver; those sent before can
     * still be received, then {@code recv()} gives empty. Idempotent.
     */
    @Override
    void close();

    /** Same as {@link #close()}: cancelling any receiver, as a stream or a future, closes it. */
    @Override
    default void cancel() {
      close();
    }
  }
}
