package dev.weft.sync;

import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One waker slot that a single consumer registers into and any number of producers wake
 * (futures-rs's {@code AtomicWaker}), without a lock.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Only the consumer calls {@link #register}; it registers <em>before</em> it re-checks the
 *       condition it waits for. A producer makes the condition true <em>before</em> it calls
 *       {@link #wake}. Both the registration and (by the callers' contract) the producer's
 *       publication are volatile writes followed by volatile reads, so at least one side sees
 *       the other: no wake-up is lost.
 *   <li>{@link #wake} takes the waker out of the slot, so the next wakes are cheap no-ops until
 *       the consumer registers again.
 *   <li>The {@code state} word serialises a register racing with a wake: {@code REGISTERING}
 *       while the consumer writes the slot, {@code WAKING} while a producer takes it. A wake that
 *       finds {@code REGISTERING} sets {@code WAKING} and leaves the waking to the registrar,
 *       which sees the bit when it tries to return to {@code WAITING}.
 * </ol>
 */
class AtomicWaker { // not final: a one-waiter structure may be its own waker slot (OneshotCell)
  private static final int WAITING = 0;
  private static final int REGISTERING = 1;
  private static final int WAKING = 2;

  private static final VarHandle STATE;
  private static final VarHandle WAKER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(AtomicWaker.class, "state", int.class);
      WAKER = l.findVarHandle(AtomicWaker.class, "waker", Waker.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int state;
  private volatile Waker waker;

  /** Stores {@code w} to be woken by the next {@link #wake}. Consumer only. */
  void register(Waker w) {
    if (waker == w) {
      // Still in the slot, so no wake has taken it since it was stored; a wake that takes it
      // from now on wakes w. Nothing to do (the common case of a task that is its own waker).
      // The volatile read above orders the caller's re-check after it (rule 1).
      return;
    }
    if (STATE.compareAndSet(this, WAITING, REGISTERING)) {
      waker = w;
      if (!STATE.compareAndSet(this, REGISTERING, WAITING)) {
        // A wake came while we wrote: it left the waking to us (rule 3).
        Waker taken = (Waker) WAKER.getAndSet(this, (Waker) null);
        STATE.setVolatile(this, WAITING);
        if (taken != null) {
          taken.wake();
        }
      }
    } else {
      // A producer is waking right now: the condition may have changed, so poll again.
      w.wake();
    }
  }

  /** Wakes and forgets the registered waker, if any. Any thread. */
  void wake() {
    if (waker == null && state == WAITING) {
      return; // nothing registered; a registration from now on re-checks after it (rule 1)
    }
    int prev = (int) STATE.getAndBitwiseOr(this, WAKING);
    if (prev == WAITING) {
      Waker taken = (Waker) WAKER.getAndSet(this, (Waker) null);
      STATE.getAndBitwiseAnd(this, ~WAKING);
      if (taken != null) {
        taken.wake();
      }
    }
  }

  /** Forgets the registered waker without waking it (a receiver that stopped waiting). */
  void clear() {
    if (waker != null && STATE.compareAndSet(this, WAITING, REGISTERING)) {
      waker = null;
      if (!STATE.compareAndSet(this, REGISTERING, WAITING)) {
        STATE.setVolatile(this, WAITING);
      }
    }
  }
}
