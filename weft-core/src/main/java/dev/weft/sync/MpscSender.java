package dev.weft.sync;

import dev.weft.future.Future;
import dev.weft.internal.Cleaners;
import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * A sender handle of an mpsc channel. Each handle counts once in {@link Chan}'s senders; its
 * {@link Cleaner} action, which holds the channel but not the handle, gives that count back
 * exactly once: at {@link #close()} or when the handle becomes unreachable.
 */
final class MpscSender<T> implements Sender<T> {
  final Chan<T> chan;
  private final Cleaner.Cleanable cleanable;
  private volatile boolean closed;

  /** A new handle; the caller has already counted it in {@code chan}'s senders. */
  MpscSender(Chan<T> chan) {
    this.chan = chan;
    this.cleanable = Cleaners.CLEANER.register(this, new Drop(chan));
  }

  /** The cleaning action: must not reference the handle. */
  private record Drop(Chan<?> chan) implements Runnable {
    @Override
    public void run() {
      chan.dropSender();
    }
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this Sender handle was closed; use another (clone one before closing)");
    }
  }

  @Override
  public Future<Void> send(T value) {
    Objects.requireNonNull(value, "value");
    checkOpen();
    return new SendFuture<>(this, value);
  }

  @Override
  public boolean trySend(T value) {
    Objects.requireNonNull(value, "value");
    checkOpen();
    int r = chan.room.tryAcquire(1);
    if (r == Sem.ACQUIRED) {
      chan.push(value);
      return true;
    }
    if (r == Sem.CLOSED) {
      throw new ChannelClosedException("the receiver is closed");
    }
    return false;
  }

  @Override
  public Future<Permit<T>> reserve() {
    checkOpen();
    return new ReserveFuture<>(this);
  }

  @Override
  public Sender<T> clone() {
    checkOpen();
    chan.addSender();
    return new MpscSender<>(chan);
  }

  @Override
  public void close() {
    closed = true;
    cleanable.clean(); // runs Drop at most once
  }

  @Override
  public boolean isClosed() {
    return chan.isRxClosed();
  }

  @Override
  public String toString() {
    return "Sender[" + (closed ? "closed" : "open") + "]";
  }

  /**
   * A future that waits for one unit of the channel's room (FIFO with the other waiting senders)
   * and then uses it. Cancelled after it was granted room but before the poll that used it, it
   * gives the room back, and the receiver is woken (the channel may have become idle: the end
   * the receiver waits for).
   */
  abstract static class RoomFuture<T, R> extends AcquireFuture<R> {
    final MpscSender<T> handle; // keeps the handle reachable while the future is alive

    RoomFuture(MpscSender<T> handle) {
      super(handle.chan.room, 1);
      this.handle = handle;
    }

    @Override
    final void beforeFirstPoll() {
      handle.checkOpen();
    }

    @Override
    final void permitsGivenBack() {
      handle.chan.roomGivenBack();
    }
  }

  /** {@link Sender#send}: the future is its own waiter node (no allocation while it waits). */
  static final class SendFuture<T> extends RoomFuture<T, Void> {
    private T value;

    SendFuture(MpscSender<T> handle, T value) {
      super(handle);
      this.value = value;
    }

    @Override
    public String describe() {
      return "send(mpsc)";
    }

    @Override
    Void onAcquired() {
      T v = value;
      value = null;
      handle.chan.push(v);
      return null;
    }

    @Override
    RuntimeException onClosed() {
      value = null;
      return new ChannelClosedException("the receiver is closed");
    }

    @Override
    void onCancelled() {
      value = null;
    }
  }

  /** {@link Sender#reserve}: waits for room like a send, then hands out a permit. */
  static final class ReserveFuture<T> extends RoomFuture<T, Permit<T>> {

    ReserveFuture(MpscSender<T> handle) {
      super(handle);
    }

    @Override
    public String describe() {
      return "reserve(mpsc)";
    }

    @Override
    Permit<T> onAcquired() {
      handle.chan.addSender(); // an outstanding permit counts as an open sender
      return new MpscPermit<>(handle.chan);
    }

    @Override
    RuntimeException onClosed() {
      return new ChannelClosedException("the receiver is closed");
    }
  }
}
