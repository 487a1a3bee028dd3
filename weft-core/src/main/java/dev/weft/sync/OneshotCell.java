package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.Cleaners;
import dev.weft.internal.Coop;
import dev.weft.internal.Failures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * A {@link Oneshot} channel: this object is the receiver, its own waker slot (it extends {@link
 * AtomicWaker}) and the cleaning action run when the sender is dropped; {@link Tx} is the sender.
 * Three objects per channel (receiver, sender, the Cleaner's record), because a million tasks may
 * each wait on one.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>{@code state} moves once from {@code EMPTY} to {@code SENT} (the value was written
 *       before) or to {@code TX_CLOSED}; the {@code RX_CLOSED} bit may be added at any time. A
 *       send CASes {@code EMPTY -> SENT}, so a send racing the receiver's close either lands
 *       (the receiver still gets it) or sees the close and returns false.
 *   <li>The sender changes state and then wakes; the receiver registers its waker and then
 *       re-reads state ({@link AtomicWaker}).
 *   <li>The sender's cleaning action is {@link #run()}: it never references the sender, so a
 *       sender dropped without {@code send} or {@code close} becomes unreachable and the Cleaner
 *       closes it, as Rust's drop would.
 * </ol>
 */
final class OneshotCell<T> extends AtomicWaker implements Oneshot.Receiver<T>, Runnable {
  private static final int EMPTY = 0;
  private static final int SENT = 1;
  private static final int TX_CLOSED = 2;
  private static final int RX_CLOSED = 4;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(OneshotCell.class, "channelState", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int channelState;
  private T value; // written before channelState becomes SENT
  private boolean done; // the receiver gave its value or its failure

  /** Sets {@code bits} in state if the transition from EMPTY is allowed; returns the old state. */
  private int setBits(int bits, boolean onlyIfEmpty) {
    for (;;) {
      int s = channelState;
      if (onlyIfEmpty && (s & (SENT | TX_CLOSED | RX_CLOSED)) != 0) {
        return s;
      }
      if ((s & bits) == bits) {
        return s;
      }
      if (STATE.compareAndSet(this, s, s | bits)) {
        return s;
      }
    }
  }

  /** Rule 3: the sender is gone without sending (closed, or dropped and cleaned). */
  @Override
  public void run() {
    int s = setBits(TX_CLOSED, true);
    if ((s & (SENT | TX_CLOSED | RX_CLOSED)) == 0) {
      wake();
    }
  }

  // ---- the receiver ----

  @Override
  public Poll<T> poll(Context cx) {
    if (done) {
      throw Failures.polledAfterCompletion(this);
    }
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    int s = channelState;
    if ((s & (SENT | TX_CLOSED)) == 0 && (s & RX_CLOSED) == 0) {
      register(cx.waker());
      s = channelState;
    }
    if ((s & SENT) != 0) {
      done = true;
      T v = value;
      value = null;
      return Poll.ready(v);
    }
    if ((s & (TX_CLOSED | RX_CLOSED)) != 0) {
      done = true;
      throw new ChannelClosedException((s & TX_CLOSED) != 0
          ? "the Oneshot sender closed without sending" : "the Oneshot receiver was closed");
    }
    Coop.refund();
    return Poll.pending();
  }

  @Override
  public void close() {
    int s = setBits(RX_CLOSED, false);
    if ((s & (SENT | TX_CLOSED | RX_CLOSED)) == 0) {
      wake(); // a poll already waiting (another task's) must see the close and fail
    }
  }

  @Override
  public void cancel() {
    setBits(RX_CLOSED, false); // the future is dropped: nobody to wake
    done = true;
    value = null; // a value already sent is dropped
  }

  @Override
  public String toString() {
    return "Oneshot.Receiver";
  }

  /** The sender. */
  static final class Tx<T> implements Oneshot.Sender<T> {
    private final OneshotCell<T> cell;
    private final Cleaner.Cleanable cleanable;
    private boolean used; // send or close happened; the sender is not shared between threads

    Tx(OneshotCell<T> cell) {
      this.cell = cell;
      this.cleanable = Cleaners.CLEANER.register(this, cell);
    }

    @Override
    public boolean send(T v) {
      Objects.requireNonNull(v, "v");
      if (used) {
        throw new IllegalStateException("a Oneshot sender sends at most once (and not after close)");
      }
      used = true;
      cell.value = v;
      int s = cell.setBits(SENT, true);
      if ((s & RX_CLOSED) != 0) {
        cell.value = null;
        cleanable.clean(); // nothing left to do; state is final
        return false;
      }
      cell.wake();
      cleanable.clean(); // the action finds SENT and does nothing
      return true;
    }

    @Override
    public void close() {
      used = true;
      cleanable.clean();
    }

    @Override
    public boolean isClosed() {
      return (cell.channelState & RX_CLOSED) != 0;
    }
  }
}
