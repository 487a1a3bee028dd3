package dev.weft.sync;

import dev.weft.future.Future;
import dev.weft.stream.Stream;
import java.util.Optional;

/**
 * The receiving half of an {@link Mpsc} channel (tokio's {@code mpsc::Receiver}); also a
 * {@link Stream} of the values, which ends when the channel does.
 *
 * <p>One consumer at a time: receive from one task (or thread) at a time, as Rust's
 * {@code &mut self} would force. A receiver that becomes unreachable without {@link #close()} is
 * closed by the library's cleaner.
 *
 * <p><b>Cancel safety of the stream view.</b> {@code next()} is cancel-safe as {@link #recv()}
 * is: a value is taken only in the poll that returns it. Cancelling the stream itself
 * ({@link #cancel()}) is different: it closes the receiver.
 *
 * @param <T> the type of the values
 */
public interface Receiver<T> extends Stream<T>, AutoCloseable {

  /**
   * A future of the next value: present while values come, empty once no more can come (every
   * sender handle and permit closed, or this receiver closed) and the buffer is drained. A new
   * future on each call.
   *
   * <p><b>Cancel safety.</b> A value is taken from the channel only in the poll that returns it;
   * a recv cancelled before it completed consumed nothing, so nothing is lost when a recv loses a
   * {@code select} or a {@code race}.
   *
   * @return a new future of the next value, or of empty at the end
   */
  Future<Optional<T>> recv();

  /**
   * The next value if one is buffered now, else empty.
   *
   * @return the next value, or empty if none is buffered now
   * @throws ChannelClosedException if the channel has ended: closed (either way) and drained
   */
  Optional<T> tryRecv();

  /**
   * Closes the channel for sending (idempotent): senders fail with
   * {@link ChannelClosedException} from now on, senders waiting for room are woken to fail.
   * Values already buffered, and those of permits already given, can still be received; then
   * {@code recv()} gives empty.
   */
  @Override
  void close();

  /** Same as {@link #close()}: cancelling any receiver, as a stream or a future, closes it. */
  @Override
  default void cancel() {
    close();
  }
}
