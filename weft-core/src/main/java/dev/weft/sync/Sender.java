package dev.weft.sync;

import dev.weft.future.Future;

/**
 * The sending half of an {@link Mpsc} channel (tokio's {@code mpsc::Sender}). Clone it for more
 * producers; the channel ends for the receiver once every handle (and every outstanding
 * {@link Permit}) is closed. A handle that becomes unreachable without {@link #close()} is
 * closed by the library's cleaner, as Rust's drop would.
 *
 * <p>A handle may be used from several threads for sending, but it is closed by its owner, when
 * nothing else uses it any more (Rust's drop takes the handle by value): give each producer its
 * own {@link #clone()}. Values are non-null: a null is rejected with
 * {@link NullPointerException} at the call.
 *
 * @param <T> the type of the values
 */
public interface Sender<T> extends AutoCloseable {

  /**
   * A future that sends {@code value}, waiting for room in a bounded channel (senders that wait
   * are served in FIFO order). It fails with {@link ChannelClosedException} if the receiver is
   * closed.
   *
   * <p><b>Cancel safety.</b> The value is put in the channel in the same poll that returns
   * ready; a send cancelled before that sent nothing, and it leaves the queue of waiting senders
   * without taking anyone's place: room it had been given goes to the next waiting sender, or
   * back to the channel (a receiver waiting for the channel's end is woken to see it).
   *
   * @param value the value, not null
   * @return a new future that completes when the value is in the channel
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalStateException if this handle was closed
   */
  Future<Void> send(T value);

  /**
   * Sends {@code value} now if there is room: true if sent, false if the channel is full (or
   * other senders are waiting for room, who come first).
   *
   * @param value the value, not null
   * @return true if the value was sent
   * @throws ChannelClosedException if the receiver is closed
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalStateException if this handle was closed
   */
  boolean trySend(T value);

  /**
   * A future that waits for room and reserves it: the {@link Permit} it gives then sends without
   * waiting and cannot fail for lack of room. An outstanding permit counts as an open sender;
   * one that becomes unreachable unused gives its room back through the library's cleaner.
   * Fails with {@link ChannelClosedException} if the receiver is closed.
   *
   * <p><b>Cancel safety.</b> A reserve cancelled before it returned holds no room: room it had
   * been given passes to the next waiting sender, or back to the channel (a receiver waiting for
   * the channel's end is woken to see it).
   *
   * @return a new future of the permit
   * @throws IllegalStateException if this handle was closed
   */
  Future<Permit<T>> reserve();

  /**
   * Another handle to the same channel, which must be closed on its own.
   *
   * @return a new sender handle
   * @throws IllegalStateException if this handle was closed
   */
  Sender<T> clone();

  /**
   * Closes this handle (idempotent); using it afterwards throws {@link IllegalStateException}.
   * When the last handle and permit are closed, the receiver drains what is buffered and ends.
   */
  @Override
  void close();

  /**
   * True once the receiver is closed: sends can no longer succeed (tokio's {@code is_closed}).
   *
   * @return true once the receiver is closed
   */
  boolean isClosed();

  /**
   * Room reserved in the channel by {@link Sender#reserve()}: use it once, by {@link #send} or
   * {@link #release}. Until then it counts as an open sender.
   *
   * @param <T> the type of the values
   */
  interface Permit<T> {
    /**
     * Sends {@code value} into the reserved room, without waiting. If the receiver closed in
     * the meantime, the value is dropped.
     *
     * @param value the value, not null
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if the permit was already used
     */
    void send(T value);

    /**
     * Gives the room back unused.
     *
     * @throws IllegalStateException if the permit was already used
     */
    void release();
  }
}
