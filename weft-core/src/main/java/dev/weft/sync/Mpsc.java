package dev.weft.sync;

/**
 * Multi-producer, single-consumer channels (tokio's {@code mpsc}): many {@link Sender} handles
 * send values to one {@link Receiver}, which is also a {@link dev.weft.stream.Stream}.
 *
 * <pre>{@code
 * Mpsc.Channel<Integer> ch = Mpsc.bounded(10);
 * Sender<Integer> tx = ch.sender();
 * Receiver<Integer> rx = ch.receiver();
 * Futures.blockOn(Futures.join(
 *     asyncRun(() -> {
 *       try (tx) {
 *         for (int i = 0; i < 100; i++) {
 *           tx.send(i).await();              // waits while 10 values are buffered
 *         }
 *       }                                    // closing the last sender ends the stream
 *     }),
 *     asyncRun(() -> {
 *       Optional<Integer> v;
 *       while ((v = rx.recv().await()).isPresent()) {
 *         System.out.println(v.get());
 *       }
 *     })));
 * }</pre>
 *
 * <p>A bounded channel holds at most {@code capacity} values (tokio's rule); a sender waits for
 * room, in FIFO order with the other waiting senders. The unbounded channel never makes a sender
 * wait. A full bounded channel of small capacity allocates nothing per value in steady state (a
 * ring of slots); the unbounded one allocates one small node per value.
 */
public final class Mpsc {
  private Mpsc() {}

  /**
   * A channel that holds at most {@code capacity} values.
   *
   * @param <T> the type of the values
   * @param capacity the most values the channel holds, at least 1
   * @return the two ends of a new channel
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public static <T> Channel<T> bounded(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    return open(new Chan<>(capacity));
  }

  /**
   * A channel without a bound: sends never wait (short of 2^31 - 1 values buffered).
   *
   * @param <T> the type of the values
   * @return the two ends of a new channel
   */
  public static <T> Channel<T> unbounded() {
    return open(new Chan<>(Sem.MAX_PERMITS));
  }

  private static <T> Channel<T> open(Chan<T> chan) {
    return new Channel<>(new MpscSender<>(chan), new MpscReceiver<>(chan));
  }

  /**
   * The two ends of a new channel.
   *
   * @param sender the first sender handle (clone it for more producers)
   * @param receiver the one receiver
   * @param <T> the type of the values
   */
  public record Channel<T>(Sender<T> sender, Receiver<T> receiver) {}
}
