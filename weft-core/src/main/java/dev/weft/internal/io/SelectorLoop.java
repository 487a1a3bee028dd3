package dev.weft.internal.io;

import dev.weft.internal.jfr.IoEvents;
import dev.weft.internal.jfr.Jfr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One {@link Selector} and the thread that waits in it: the I/O half of a runtime's park step.
 * A runtime has one (current-thread, or a multi-thread runtime with a shared selector) or one
 * per worker.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>One thread at a time calls {@link #select} (the runtime guarantees it: the driver lock,
 *       or a selector per worker); besides, a thread that closes a channel selects once without
 *       waiting (rule 5; the JDK serializes selects). Readiness is dispatched on the selecting
 *       thread, inside the select, to each key's {@link IoRegistration} ({@code select(Consumer)}:
 *       no selected-key set). The JDK hands out at most a bounded number of events per select
 *       (its epoll array), so one turn is bounded.
 *   <li>The state word is IDLE, SELECTING (a thread is about to block in, or is in, the
 *       selector), PARKED (it sleeps beside a selector with nothing registered, rule 9),
 *       SPINNING (a thread polls the selector without blocking before it blocks,
 *       {@link IdleSpin}) or WOKEN (a wake-up came and was not consumed). {@link #wakeup} swaps
 *       in WOKEN and calls {@code Selector.wakeup()} (an eventfd write under a lock) only if it
 *       replaced SELECTING (it unparks the owner if it replaced PARKED); a {@code select} that
 *       finds WOKEN does not block, and a spinner that finds it stops (its last step to blocking
 *       is SPINNING to SELECTING, which fails once a wake-up came). So a wake-up is never lost,
 *       a burst of them costs one system call, and one during a spin costs none.
 *   <li>A timeout of 0 is {@code selectNow} ({@code select(0)} would block forever); a positive
 *       one is rounded up to whole milliseconds, the selector's unit.
 *   <li>Interest changed, or a channel registered, from a thread other than the one in the
 *       selector takes effect at its next select; so such a change wakes the selector if it is
 *       SELECTING or PARKED ({@link #interestChanged}), and costs nothing when it is not. The
 *       change is queued by the JDK under its update lock before the state is read, and the
 *       selecting thread publishes SELECTING before the JDK applies the queue under that same
 *       lock, so either the selector sees the change or the changer sees SELECTING.
 *   <li>The JDK does not close a channel registered with a selector: closing it cancels the key,
 *       and the socket is closed (its descriptor released, a listener's port freed) when the
 *       selector next selects and drops the key. Closing is synchronous all the same
 *       ({@link IoRegistration#deregister}): the closing thread wakes a thread blocked in the
 *       selector (which holds the selector until it returns) and selects once without waiting
 *       itself ({@link #releaseClosedChannels}), dispatching what that select finds as any select
 *       does. While such a closer waits for the selector, no select blocks (the owner would
 *       take the selector back and hold it until some event): the closer counts itself in
 *       {@code releasing} before it reads the state, the owner publishes SELECTING before it
 *       reads the count (Dekker, as rule 4), so either the owner does not block or the closer
 *       wakes it. A spinning owner reads the count at every poll and stops (and a closer that
 *       came as it stopped spinning woke the selector, the state not being IDLE). A thread
 *       inside a select of this selector (a waker that closes a socket) cannot select again:
 *       its key is dropped at the next select.
 *   <li>A selector's wake-up is one flag for whoever selects next, and any select consumes it,
 *       a closer's {@code selectNow} (rule 5) included: a closer that selects after a
 *       {@link #wakeup} meant for the owner (WOKEN, the owner on its way into the selector) would
 *       leave the owner blocked while the state says WOKEN, and every later wakeup() would trust
 *       that and skip the system call. So a closer wakes the selector before its selectNow
 *       whenever the state is not IDLE, and again after it; a spurious return costs the owner
 *       one turn of its loop.
 *   <li>{@link #shutdown} marks every registration shut down (its waiters are woken and their
 *       next poll fails), then closes the selector. It runs after the runtime's threads left
 *       the selector.
 *   <li>A select that would not wait skips the system call when no channel is registered: a
 *       cancelled key stays in the key set until a select drops it, so an empty set has nothing
 *       to report and nothing to release (rule 5). A runtime without sockets polls its driver
 *       every 61 tasks; that {@code epoll_wait} was about a sixth of the cost of a task's
 *       yield on the current-thread runtime (W7: 42 ns a yield before, 36 after). A JDK
 *       wake-up left pending by a skipped select costs the next blocking one a spurious return
 *       (rule 6 accepts those).
 *   <li>A select that would block while no channel is registered sleeps beside the selector
 *       instead ({@code LockSupport.parkNanos}, state PARKED): the selector counts its timeout in
 *       whole milliseconds and rounds it up, which made every timer of a runtime without
 *       sockets fire about a millisecond late, where {@code parkNanos} wakes within tens of
 *       microseconds. {@link #wakeup} unparks a PARKED owner as it wakes a SELECTING one. A
 *       channel registered meanwhile has no interest yet; its first interest change finds
 *       PARKED and wakes the owner (rule 4), which then selects. The owner moves from SELECTING
 *       to PARKED by a compare-and-set, so a wake-up that came before it (WOKEN) is never slept
 *       through.
 * </ol>
 */
public final class SelectorLoop {
  /** {@link #select} without a deadline. */
  public static final long FOREVER = Long.MAX_VALUE;

  private static final int IDLE = 0;
  private static final int SELECTING = 1;
  private static final int WOKEN = 2;
  private static final int SPINNING = 3;
  private static final int PARKED = 4;
  private static final VarHandle STATE;
  private static final VarHandle RELEASING;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SelectorLoop.class, "state", int.class);
      RELEASING = MethodHandles.lookup().findVarHandle(SelectorLoop.class, "releasing", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Selector selector;
  final BiConsumer<String, Throwable> failures; // also IoRegistration's
  private final Consumer<SelectionKey> dispatch = SelectorLoop::dispatch;
  private volatile int state;
  private volatile int releasing; // rule 5: closers waiting to select once
  private volatile Thread selectingThread; // rule 4: changes made on it need no wake-up
  private volatile boolean shutdown;
  private long readyTurns; // the owner's selects that found readiness; the owner's field
  private final IdleSpin idleSpin; // the owner's
  private volatile long spins; // written by the owner only
  private volatile BooleanSupplier spinAllowed = () -> true;

  /**
   * Opens a selector.
   *
   * @param failures where a failure nobody else can receive goes (a waker that threw)
   */
  public SelectorLoop(BiConsumer<String, Throwable> failures) {
    this(failures, new IdleSpin());
  }

  SelectorLoop(BiConsumer<String, Throwable> failures, IdleSpin idleSpin) {
    this.idleSpin = idleSpin;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a selector for the runtime's I/O driver", e);
    }
    this.failures = failures;
  }

  /**
   * Waits up to {@code timeoutNanos} ({@link #FOREVER}: no limit; 0: do not wait) for readiness
   * or a {@link #wakeup}, and dispatches what became ready. Returns early on a wake-up.
   */
  public void select(long timeoutNanos) {
    if (shutdown) {
      return;
    }
    selectingThread = Thread.currentThread();
    Object turnEvent = Jfr.on() ? IoEvents.beginTurn() : null;
    int keys = 0;
    try {
      boolean spin = timeoutNanos > 0 && idleSpin.shouldSpin() && spinAllowed.getAsBoolean();
      if (timeoutNanos <= 0 || !STATE.compareAndSet(this, IDLE, spin ? SPINNING : SELECTING)) {
        state = IDLE; // consume a pending wake-up (rule 2)
        if (selector.keys().isEmpty()) {
          return; // rule 8: nothing registered, nothing to report or to release
        }
        keys = selector.selectNow(dispatch);
        return;
      }
      if (releasing > 0) { // rule 5: a closer waits for the selector; do not hold it
        state = IDLE;
        keys = selector.selectNow(dispatch);
        return;
      }
      long began = System.nanoTime();
      try {
        long left = timeoutNanos;
        if (spin) {
          spins++; // one writer
          keys = spin(began, timeoutNanos);
          if (keys != 0 || !STATE.compareAndSet(this, SPINNING, SELECTING)) {
            // readiness, a wake-up or a closer came during the spin (or the spin found nothing
            // and a wake-up came as it ended): no blocking select
            keys = Math.max(keys, 0);
            left = 0;
          } else if (timeoutNanos != FOREVER) {
            left = timeoutNanos - (System.nanoTime() - began);
          }
        }
        if (left > 0 && selector.keys().isEmpty()
            && STATE.compareAndSet(this, SELECTING, PARKED)) {
          park(began, left); // rule 9
        } else if (left > 0) {
          if (left == FOREVER) {
            keys = selector.select(dispatch);
          } else {
            long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
            keys = selector.select(dispatch, ms);
          }
        }
        idleSpin.spellEnded(System.nanoTime() - began);
        if (keys > 0) {
          readyTurns++;
        }
      } finally {
        state = IDLE;
      }
    } catch (ClosedSelectorException closed) {
      // shut down while this thread was on its way in: nothing to dispatch any more
    } catch (IOException e) {
      failures.accept("the runtime's selector failed; I/O readiness may be late", e);
    } finally {
      if (turnEvent != null) {
        IoEvents.endTurn(turnEvent, keys, Math.max(0, timeoutNanos));
      }
    }
  }

  /**
   * Rule 9: sleeps without the selector until {@code timeoutNanos} after {@code began}
   * ({@link #FOREVER}: no limit) or until a {@link #wakeup} (which unparks this thread), to the
   * microsecond instead of the selector's millisecond. Returns on a wake-up at once, and goes on
   * sleeping after a spurious return of {@code parkNanos}. An interrupted thread returns at once,
   * as a select does (its caller clears the flag and decides).
   */
  private void park(long began, long timeoutNanos) {
    while (state == PARKED && !Thread.currentThread().isInterrupted()) {
      if (timeoutNanos == FOREVER) {
        LockSupport.park(this);
      } else {
        long left = timeoutNanos - (System.nanoTime() - began);
        if (left <= 0) {
          return;
        }
        LockSupport.parkNanos(this, left);
      }
    }
  }

  /**
   * Polls the selector without blocking until something is ready, a wake-up or a closer comes
   * (state no longer SPINNING, or {@code releasing}), or the spin's time is up ({@link IdleSpin}).
   * Returns the keys found, -1 if a wake-up or closer ended the spin, 0 if it ran out.
   */
  private int spin(long began, long timeoutNanos) throws IOException {
    long deadline = began + Math.min(idleSpin.spinNanos(), timeoutNanos);
    long last = began;
    for (;;) {
      // Without a registered channel there is nothing a selectNow could find (rule 8); only a
      // wake-up can end the spell, and the state says that without a system call.
      int keys = selector.keys().isEmpty() ? 0 : selector.selectNow(dispatch);
      if (keys > 0) {
        return keys;
      }
      if (state != SPINNING || releasing > 0) {
        return -1;
      }
      long now = System.nanoTime();
      if (now - last > idleSpin.preemptedGapNanos()) {
        idleSpin.preempted(); // descheduled mid-spin: no core to spare; block at once
        return 0;
      }
      if (now - deadline >= 0) {
        return 0;
      }
      last = now;
      Thread.onSpinWait();
    }
  }

  /**
   * Sets when a select that would block may first spin ({@link IdleSpin}): asked at each such
   * select, on the selecting thread. A multi-thread runtime lets only a worker that is the last
   * one awake spin, so a spinner never takes a core from a busy neighbour.
   */
  public void spinAllowed(BooleanSupplier when) {
    this.spinAllowed = when;
  }

  /** How many selects spun before blocking, or instead of it, so far (for tests). */
  public long spins() {
    return spins;
  }

  /** Whether a select that would block could spin now, by {@link #spinAllowed} (for tests). */
  public boolean spinAllowedNow() {
    return spinAllowed.getAsBoolean();
  }

  /** The owner's idle-spin record (for tests). */
  IdleSpin idleSpin() {
    return idleSpin;
  }

  /** True while the owner spins before blocking (for tests). */
  boolean isSpinning() {
    return state == SPINNING;
  }

  /**
   * True while the owner is blocked in, or about to block in, the selector, or sleeps beside an
   * empty one (rule 9) (for tests).
   */
  boolean isBlocking() {
    int s = state;
    return s == SELECTING || s == PARKED;
  }

  /** True while the owner sleeps beside a selector with nothing registered (rule 9; for tests). */
  boolean isParked() {
    return state == PARKED;
  }

  /**
   * How many of the selects that could wait found some readiness: a thread that compares it
   * before and after its sleep learns whether its sockets woke it. Only the owner reads it.
   */
  public long readyTurns() {
    return readyTurns;
  }

  private static void dispatch(SelectionKey key) {
    if (key.attachment() instanceof IoRegistration r) {
      int ready;
      try {
        ready = key.readyOps();
      } catch (CancelledKeyException closed) {
        return; // closed meanwhile: its owner is told by the close itself
      }
      r.ready(ready);
    }
  }

  /**
   * Rule 5: drops the keys of the channels closed so far, so that their sockets are closed when
   * this returns. Any thread; it may wait for a thread in the selector to leave it.
   */
  void releaseClosedChannels() {
    if (shutdown || Thread.holdsLock(selector)) {
      return; // closed with the runtime; or inside a select of this selector (rule 5)
    }
    RELEASING.getAndAdd(this, 1); // from now on no select blocks
    try {
      if (state != IDLE) {
        selector.wakeup(); // the thread blocked in the selector holds it until it returns
      }
      selector.selectNow(dispatch);
      if (state != IDLE) {
        // Our selectNow consumed any wake-up pending in the selector, one meant for its owner
        // too (rule 6): give it back, or the owner blocks with WOKEN set and no later wakeup()
        // would reach it.
        selector.wakeup();
      }
    } catch (ClosedSelectorException closed) {
      // the runtime closed meanwhile: closing the selector closed the channel
    } catch (IOException e) {
      failures.accept("the runtime's selector failed while releasing closed sockets", e);
    } finally {
      RELEASING.getAndAdd(this, -1);
    }
  }

  /** Makes the thread in {@link #select} return soon, or the next select not wait. Any thread. */
  public void wakeup() {
    int was = (int) STATE.getAndSet(this, WOKEN);
    if (was == SELECTING) {
      selector.wakeup();
    } else if (was == PARKED) {
      LockSupport.unpark(selectingThread); // rule 9
    }
  }

  /** True if a wake-up is pending that the next select would consume. */
  public boolean isWoken() {
    return state == WOKEN;
  }

  /** Rule 4: an interest change or registration from another thread must reach a blocked select. */
  void interestChanged() {
    int s = state;
    if ((s == SELECTING || s == PARKED) && Thread.currentThread() != selectingThread) {
      wakeup();
    }
  }

  /**
   * Registers {@code channel} (non-blocking) with no interest yet; readiness goes to the
   * returned registration.
   *
   * @param readOp the operation that means "readable" for this channel ({@code OP_READ}, or
   *     {@code OP_ACCEPT} for a listener)
   * @param writeOp the operation that means "writable" ({@code OP_WRITE}, or {@code OP_CONNECT}
   *     while connecting)
   * @throws IllegalStateException if the runtime was closed
   * @throws ClosedChannelException if the channel is closed
   */
  public IoRegistration register(SelectableChannel channel, int readOp, int writeOp)
      throws ClosedChannelException {
    if (shutdown) {
      throw IoRegistration.runtimeClosed();
    }
    IoRegistration r = new IoRegistration(this, readOp, writeOp);
    try {
      r.key = channel.register(selector, 0, r);
    } catch (ClosedSelectorException e) {
      throw IoRegistration.runtimeClosed();
    }
    if (shutdown) { // closed meanwhile: the shutdown pass may have missed this key
      r.shutdown();
    }
    return r;
  }

  /** Keys registered now, cancelled ones included until the next select (for tests). */
  public int registeredKeys() {
    try {
      return selector.keys().size();
    } catch (ClosedSelectorException closed) {
      return 0;
    }
  }

  /** Rule 6. */
  public void shutdown() {
    shutdown = true;
    List<IoRegistration> registrations = new ArrayList<>();
    try {
      for (SelectionKey k : selector.keys()) {
        if (k.attachment() instanceof IoRegistration r) {
          registrations.add(r);
        }
      }
    } catch (ClosedSelectorException alreadyClosed) {
      return;
    }
    for (IoRegistration r : registrations) {
      r.shutdown();
    }
    try {
      selector.close();
    } catch (IOException e) {
      failures.accept("closing the runtime's selector failed", e);
    }
  }
}
