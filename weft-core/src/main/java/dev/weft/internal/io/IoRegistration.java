package dev.weft.internal.io;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;

/**
 * The readiness of one channel registered with a {@link SelectorLoop}: tokio's
 * {@code ScheduledIo}, for a level-triggered selector.
 *
 * <h2>The state word</h2>
 * <pre>
 *   bit 0      READABLE   the selector reported the read operation (or accept) ready
 *   bit 1      WRITABLE   the selector reported the write operation (or connect) ready
 *   bit 2      SHUTDOWN   the runtime closed: every poll fails
 *   bits 32-62 tick       counts readiness events; never negative, so a token is never -1
 * </pre>
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>The JDK selector is level-triggered: an operation in the interest set is reported on every
 *       select while it stays ready. An operation is armed only by a task that tried it and was
 *       told "would block" ({@link #pollReady}), which then waits for the next report. When a
 *       report comes while the readiness of the previous one is still unconsumed (set: the task
 *       has not tried the operation since, or does not want to), the driver drops the
 *       operation from the interest set, so a socket that stays ready while nobody reads it (a
 *       task that applies back-pressure) does not keep the selector spinning. A report of a
 *       consumed readiness keeps the interest: in the steady state of a request and response
 *       (report, read until drained, wait) the interest set never changes, which costs no
 *       {@code epoll_ctl} at all.
 *   <li>The driver drops the interest <em>before</em> it publishes the readiness. A task that
 *       sees a readiness published after a drop therefore sees the interest dropped, and its
 *       re-arm (after a read that returned 0) is never skipped because the interest looked
 *       still armed; a task that cleared the readiness and skipped its re-arm just before a
 *       drop is woken by the publish that follows it, and re-arms at its next "would block".
 *   <li>A task clears a readiness it found stale (the operation would block) only if no event
 *       arrived since it read it: the token it got carries the tick, and {@link #clearReady}
 *       compares ticks (tokio's rule). A newer event is never cleared unseen.
 *   <li>Waiting: the task stores its waker, arms the interest, then reads the state again; the
 *       driver publishes the state, then takes the waker. Both are volatile, so either the task
 *       sees the readiness or the driver sees the waker (Dekker): no lost wake-up. The driver
 *       takes the waker (sets it to null), so an event wakes a task once; one waiter per
 *       direction (a stream allows one pending read and one pending write).
 *   <li>Closing the channel cancels its key ({@link #deregister}) and makes the selector drop it
 *       at once; an event already being dispatched for it only wakes a waker, which is
 *       harmless. Registrations are never reused, so a late event cannot reach another channel.
 * </ol>
 */
public final class IoRegistration {
  public static final int READ = 1;
  public static final int WRITE = 2;
  private static final long SHUTDOWN = 1L << 2;
  private static final int TICK_SHIFT = 32;
  private static final long TICK_ONE = 1L << TICK_SHIFT;
  private static final long TICK_MASK = 0x7fff_ffffL << TICK_SHIFT;

  /** What {@link #pollReady} returns when not ready (the waker is stored). */
  public static final long PENDING = -1;

  private static final VarHandle STATE;
  private static final VarHandle READ_WAKER;
  private static final VarHandle WRITE_WAKER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(IoRegistration.class, "state", long.class);
      READ_WAKER = l.findVarHandle(IoRegistration.class, "readWaker", Waker.class);
      WRITE_WAKER = l.findVarHandle(IoRegistration.class, "writeWaker", Waker.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final SelectorLoop loop;
  // SelectionKey ops fit a byte, and failures go to the loop's sink: with them, 8 bytes less for
  // every registered socket (48 -> 40).
  private final byte readOp;
  private volatile byte writeOp; // OP_CONNECT until a connect completed, then OP_WRITE
  SelectionKey key; // set once, right after registration, before the registration is shared
  private volatile long state;
  private volatile Waker readWaker;
  private volatile Waker writeWaker;

  IoRegistration(SelectorLoop loop, int readOp, int writeOp) {
    this.loop = loop;
    this.readOp = (byte) readOp;
    this.writeOp = (byte) writeOp;
    this.state = READ | WRITE; // optimistic: try the operation first, wait only if it would block
  }

  /**
   * A connect completed: from now on "writable" means {@code OP_WRITE}. Called by the connecting
   * task before the channel is shared.
   */
  public void connected() {
    int old = writeOp;
    writeOp = (byte) SelectionKey.OP_WRITE;
    try {
      key.interestOpsAnd(~old);
    } catch (CancelledKeyException closed) {
      // closed meanwhile: the next operation says so
    }
    STATE.getAndBitwiseOr(this, (long) WRITE); // a fresh socket can take bytes
  }

  /** The error every poll throws once the runtime that owns the selector was closed. */
  static IllegalStateException runtimeClosed() {
    return new IllegalStateException("an I/O operation was polled after the AsyncRuntime its"
        + " socket is registered with was closed");
  }

  /** True if this registration belongs to {@code loop}. */
  public boolean isOn(SelectorLoop other) {
    return loop == other;
  }

  /**
   * Rule 4: a token (never negative) if {@code direction} ({@link #READ} or {@link #WRITE}) is
   * ready, else {@link #PENDING} after arranging for {@code cx}'s waker to be woken when it may
   * be.
   *
   * @throws IllegalStateException if the runtime was closed
   */
  public long pollReady(Context cx, int direction) {
    long s = state;
    if ((s & (direction | SHUTDOWN)) != 0) {
      return checkOpen(s);
    }
    if (direction == READ) {
      readWaker = cx.waker();
    } else {
      writeWaker = cx.waker();
    }
    arm(direction == READ ? readOp : writeOp);
    s = state;
    if ((s & (direction | SHUTDOWN)) != 0) {
      return checkOpen(s);
    }
    return PENDING;
  }

  /**
   * The token of {@code direction}'s readiness as it stands, without waiting: a token, or
   * {@link #PENDING} if not ready. For operations that try once and never wait.
   *
   * @throws IllegalStateException if the runtime was closed
   */
  public long readyNow(int direction) {
    long s = state;
    if ((s & SHUTDOWN) != 0) {
      throw runtimeClosed();
    }
    return (s & direction) != 0 ? s : PENDING;
  }

  private static long checkOpen(long s) {
    if ((s & SHUTDOWN) != 0) {
      throw runtimeClosed();
    }
    return s;
  }

  /** Rules 1 and 4: put {@code op} (back) in the interest set, waking the selector if needed. */
  private void arm(int op) {
    SelectionKey k = key;
    try {
      if ((k.interestOps() & op) == 0) {
        k.interestOpsOr(op);
        loop.interestChanged();
      }
    } catch (CancelledKeyException closed) {
      // The channel was closed: report it ready, so the caller tries the operation and gets
      // the channel's own ClosedChannelException.
      STATE.getAndBitwiseOr(this, (long) (op == readOp ? READ : WRITE));
    }
  }

  /**
   * Rule 3: the operation of {@code direction} would block: forget the readiness read as
   * {@code token}, unless a newer event came since.
   */
  public void clearReady(long token, int direction) {
    for (;;) {
      long s = state;
      if ((s & TICK_MASK) != (token & TICK_MASK) || (s & direction) == 0) {
        return;
      }
      if (STATE.compareAndSet(this, s, s & ~direction)) {
        return;
      }
    }
  }

  /** The driver's report (rules 1 and 2), on the selecting thread. */
  void ready(int readyOps) {
    long bits = 0;
    if ((readyOps & readOp) != 0) {
      bits |= READ;
    }
    if ((readyOps & writeOp) != 0) {
      bits |= WRITE;
    }
    long before = state;
    int drop = 0;
    if ((bits & READ) != 0 && (before & READ) != 0) {
      drop |= readOp; // rule 1: reported again, not consumed since
    }
    if ((bits & WRITE) != 0 && (before & WRITE) != 0) {
      drop |= writeOp;
    }
    if (drop != 0) {
      try {
        key.interestOpsAnd(~drop); // rule 2: before the readiness is published
      } catch (CancelledKeyException closed) {
        // closed meanwhile; still publish, so a waiter tries and learns it is closed
      }
    }
    long s;
    long next;
    do {
      s = state;
      next = ((s | bits) & ~TICK_MASK) | ((s + TICK_ONE) & TICK_MASK); // tick wraps in 31 bits
    } while (!STATE.compareAndSet(this, s, next));
    if ((bits & READ) != 0) {
      wake((Waker) READ_WAKER.getAndSet(this, (Waker) null));
    }
    if ((bits & WRITE) != 0) {
      wake((Waker) WRITE_WAKER.getAndSet(this, (Waker) null));
    }
  }

  private void wake(Waker w) {
    if (w != null) {
      try {
        w.wake();
      } catch (Throwable t) {
        loop.failures.accept("a waker threw when its socket became ready", t);
      }
    }
  }

  /**
   * Wakes the task waiting for {@code direction} ({@link #READ} or {@link #WRITE}), if one is:
   * the socket's owner closed that direction (a half, a shutdown), which no selector reports,
   * and the task's next poll finds out. Any thread.
   */
  public void wakeWaiter(int direction) {
    VarHandle slot = direction == READ ? READ_WAKER : WRITE_WAKER;
    wake((Waker) slot.getAndSet(this, (Waker) null));
  }

  /** The runtime closed: every waiter is woken and its next poll fails (SelectorLoop rule 7). */
  void shutdown() {
    STATE.getAndBitwiseOr(this, SHUTDOWN);
    wake((Waker) READ_WAKER.getAndSet(this, (Waker) null));
    wake((Waker) WRITE_WAKER.getAndSet(this, (Waker) null));
  }

  /**
   * The channel was closed: cancels its key and has the selector drop it before this returns,
   * so the socket is closed now rather than at some later select (rule 5, SelectorLoop rule 5).
   * Waiters are woken (their next poll meets the closed channel). Idempotent.
   */
  public void deregister() {
    key.cancel();
    loop.releaseClosedChannels();
    wake((Waker) READ_WAKER.getAndSet(this, (Waker) null));
    wake((Waker) WRITE_WAKER.getAndSet(this, (Waker) null));
  }
}
