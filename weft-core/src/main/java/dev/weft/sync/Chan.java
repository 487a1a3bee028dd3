package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The shared state of one mpsc channel: storage, room, the count of open senders, and the
 * receiver's waker.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li><b>Room is a semaphore.</b> {@code room} starts with {@code capacity} permits (unbounded:
 *       {@link Sem#MAX_PERMITS}). A send takes one before it offers its value; the receiver
 *       gives it back after it took a value out of storage. So storage never holds more than
 *       {@code capacity} values, and waiting senders are served in FIFO order by the semaphore.
 *   <li><b>In flight.</b> {@code capacity - room.available()} counts values buffered, values
 *       being offered, and reserved permits. The channel is <em>idle</em> when it is zero.
 *   <li><b>Senders.</b> {@code senders} counts open sender handles plus outstanding permits.
 *       Whoever takes it to zero wakes the receiver.
 *   <li><b>Closing the receiver</b> closes {@code room}; its CLOSED bit is the one flag that says
 *       the receiver is closed. New sends fail, waiting senders are woken to fail, and sends
 *       that already hold room still complete.
 *   <li><b>The end.</b> The receiver reports the end when storage is empty and
 *       {@code (senders == 0 || closed) && idle}. Idle covers the values still in flight, so
 *       a send that took room just before the last handle closed is still received.
 *   <li><b>No lost wake-up.</b> Every producer offers (volatile) and then wakes; every change
 *       that can make the end true is followed by a wake: the last sender gone
 *       ({@link #dropSender}), and room given back without a value ({@link #roomGivenBack}: a
 *       permit released, dropped, or sent after the receiver closed; a send or reserve that was
 *       granted room and cancelled before it used it). The receiver registers its waker and then
 *       re-checks storage and the end. The semaphore itself wakes the next waiting sender.
 * </ol>
 */
final class Chan<T> {
  private static final VarHandle SENDERS;

  static {
    try {
      SENDERS = MethodHandles.lookup().findVarHandle(Chan.class, "senders", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final int capacity;
  final Sem room;
  final ChanQueue<T> queue;
  final AtomicWaker rxWaker = new AtomicWaker();
  private volatile int senders = 1;

  Chan(int capacity) {
    this.capacity = capacity;
    this.room = new Sem(capacity);
    this.queue = ChanQueue.forCapacity(capacity);
  }

  /** The receiver is closed: the CLOSED bit of {@code room} is the one point where that happens. */
  boolean isRxClosed() {
    return room.isClosed();
  }

  // ---- senders ----

  void addSender() {
    SENDERS.getAndAdd(this, 1);
  }

  void dropSender() {
    if ((int) SENDERS.getAndAdd(this, -1) == 1) {
      rxWaker.wake(); // rule 3
    }
  }

  /** Puts a value for which room is held into storage and wakes the receiver. */
  void push(T value) {
    queue.offer(value);
    rxWaker.wake();
  }

  /** Gives back reserved room without a value (a permit released, dropped or sent too late). */
  void unreserve() {
    room.release(1);
    roomGivenBack();
  }

  /**
   * Room went back to {@code room} without a value: the channel may have become idle, which can
   * be the end the receiver waits for (rule 6). Call after the release.
   */
  void roomGivenBack() {
    rxWaker.wake();
  }

  // ---- the receiver ----

  boolean ended() {
    return (senders == 0 || room.isClosed()) && room.available() == capacity;
  }

  /** One poll of recv; the receiver only. */
  Poll<Optional<T>> pollRecv(Context cx) {
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    T v = queue.poll();
    if (v == null) {
      rxWaker.register(cx.waker());
      v = queue.poll();
      if (v == null) {
        if (ended()) {
          return Poll.ready(Optional.empty());
        }
        Coop.refund();
        return Poll.pending();
      }
    }
    room.release(1); // after the slot was freed (ArrayQueue rule 2)
    return Poll.ready(Optional.of(v));
  }

  Optional<T> tryRecv() {
    T v = queue.pollOrAwaitWriter();
    if (v != null) {
      room.release(1);
      return Optional.of(v);
    }
    if (ended()) {
      throw new ChannelClosedException("the channel is closed and drained");
    }
    return Optional.empty();
  }

  void closeRx() {
    room.close(); // idempotent
    rxWaker.wake(); // a recv already waiting sees the close: it drains, then gives empty
  }
}
