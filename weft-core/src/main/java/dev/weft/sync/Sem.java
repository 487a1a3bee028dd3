package dev.weft.sync;

import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The FIFO batch semaphore under {@link Semaphore}, {@link Mutex}, {@link RwLock} and the mpsc
 * channel's room (tokio's {@code batch_semaphore}).
 *
 * <h2>State</h2>
 * One {@code long} word: the free permits shifted left by two, a {@code WAITERS} bit (the
 * waiter queue is not empty) and a {@code CLOSED} bit. The queue of {@link Acquirer} nodes is
 * guarded by a {@link ReentrantLock}.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li><b>Fast paths without the lock.</b> While {@code WAITERS} is clear, acquiring is one CAS
 *       that subtracts, releasing one CAS that adds.
 *   <li><b>{@code WAITERS} set implies zero free permits.</b> A waiter is queued (under the lock)
 *       only after it took every free permit into its own account, in the same CAS that sets
 *       {@code WAITERS}. A release that sees {@code WAITERS} takes the lock and hands its permits
 *       to the queue in order; only what the queue does not need goes back to the word, in the
 *       CAS that clears {@code WAITERS} once the queue is empty. So a try-acquire, which fails
 *       when {@code WAITERS} is set, never overtakes a queued waiter, and a large request at the
 *       head holds back the smaller ones behind it (permits accumulate in its account).
 *   <li><b>Grant.</b> A waiter whose account is complete is unlinked and its {@code outcome} set
 *       to {@code GRANTED} under the lock; its waker is woken after the lock is released
 *       ({@link WaitList} rule 3). The waiting future reads {@code outcome} without the lock.
 *   <li><b>Cancel.</b> A cancelled waiter still queued gives its partial account back; one that
 *       was granted but whose future never returned the permits gives them all back. Either way
 *       they go through the release path, so the next waiter gets them (no place is leaked).
 *   <li><b>Close.</b> Sets {@code CLOSED} and fails every queued waiter (outcome
 *       {@code CLOSED}), returning their partial accounts to the word. Later acquires fail;
 *       releases still add, so {@link #available()} climbs back (the channel uses it to tell
 *       that no send is in flight).
 * </ol>
 */
final class Sem {
  /** The most permits the word holds. */
  static final int MAX_PERMITS = Integer.MAX_VALUE;

  // Results of the acquire calls.
  static final int ACQUIRED = 0;
  static final int QUEUED = 1;
  static final int CLOSED = 2;
  static final int NO_PERMITS = 3;

  private static final long WAITERS_BIT = 1L;
  private static final long CLOSED_BIT = 2L;
  private static final int SHIFT = 2;
  private static final long ONE = 1L << SHIFT;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Sem.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A queued acquire; the waiting future extends it, so queueing allocates nothing. */
  abstract static class Acquirer extends WaitNode {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int FAILED = 2;

    int needed;              // permits asked for; guarded by the lock while queued
    int remaining;           // still missing from the account; guarded by the lock
    volatile int outcome;    // WAITING, then GRANTED or FAILED (closed); written under the lock
  }

  private volatile long state;                              // permits << 2 | CLOSED | WAITERS
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList<Acquirer> waiters = new WaitList<>(); // guarded by lock

  Sem(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must not be negative: " + permits);
    }
    state = (long) permits << SHIFT;
  }

  /** Free permits now (0 while a waiter is queued). */
  int available() {
    return (int) (state >>> SHIFT);
  }

  boolean isClosed() {
    return (state & CLOSED_BIT) != 0;
  }

  /** Takes {@code n} permits if they are free and nobody is queued: ACQUIRED, NO_PERMITS or CLOSED. */
  int tryAcquire(int n) {
    for (;;) {
      long s = state;
      if ((s & CLOSED_BIT) != 0) {
        return CLOSED;
      }
      if ((s & WAITERS_BIT) != 0 || (s >>> SHIFT) < n) {
        return NO_PERMITS;
      }
      if (STATE.weakCompareAndSet(this, s, s - n * ONE)) {
        return ACQUIRED;
      }
    }
  }

  /**
   * First attempt of a waiting acquire of {@code n}: ACQUIRED, CLOSED, or QUEUED with {@code w}
   * queued to be woken through {@code waker} once granted.
   */
  int acquire(Acquirer w, int n, Waker waker) {
    int r = tryAcquire(n);
    if (r != NO_PERMITS) {
      return r;
    }
    lock.lock();
    try {
      for (;;) {
        long s = state;
        if ((s & CLOSED_BIT) != 0) {
          return CLOSED;
        }
        long free = s >>> SHIFT; // 0 when WAITERS is set (rule 2)
        if ((s & WAITERS_BIT) == 0 && free >= n) {
          if (STATE.compareAndSet(this, s, s - n * ONE)) {
            return ACQUIRED;
          }
          continue;
        }
        // Take every free permit into w's account and mark the queue non-empty in one CAS.
        if (STATE.compareAndSet(this, s, (s & CLOSED_BIT) | WAITERS_BIT)) {
          w.needed = n;
          w.remaining = (int) (n - free);
          w.waker = waker;
          w.outcome = Acquirer.WAITING;
          waiters.addLast(w);
          return QUEUED;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** A later poll of a queued acquire: ACQUIRED, CLOSED, or QUEUED with the waker updated. */
  int poll(Acquirer w, Waker waker) {
    int o = w.outcome;
    if (o == Acquirer.WAITING) {
      if (w.waker == waker) {
        return QUEUED; // only this future writes its waker; a grant from now on wakes this one
      }
      lock.lock();
      try {
        o = w.outcome;
        if (o == Acquirer.WAITING) {
          w.waker = waker;
          return QUEUED;
        }
      } finally {
        lock.unlock();
      }
    }
    return o == Acquirer.GRANTED ? ACQUIRED : CLOSED;
  }

  /**
   * Withdraws a queued or granted-but-unclaimed acquire (rule 4): its permits go to the next
   * waiters. Call once, from the waiting future's cancel.
   *
   * @return how many permits went back (0 if the acquire held none)
   */
  int cancel(Acquirer w) {
    WaitNode chain = null;
    int partial = 0;
    int granted = 0;
    lock.lock();
    try {
      int o = w.outcome;
      if (o == Acquirer.FAILED) {
        return 0; // close already returned its account
      }
      if (o == Acquirer.WAITING) {
        waiters.remove(w);
        partial = w.needed - w.remaining;
        chain = releaseLocked(partial);
      } else {
        granted = w.needed; // granted, never handed to the caller
      }
      w.outcome = Acquirer.FAILED;
    } finally {
      lock.unlock();
    }
    WaitNode.wakeChain(chain);
    release(granted);
    return partial + granted;
  }

  /** Gives back {@code n} permits; queued waiters get them first, in order. */
  void release(int n) {
    if (n <= 0) {
      return;
    }
    for (;;) {
      long s = state;
      if ((s & WAITERS_BIT) != 0) {
        break;
      }
      long sum = (s >>> SHIFT) + n;
      if (sum > MAX_PERMITS) {
        throw new IllegalArgumentException(
            "a semaphore holds at most " + MAX_PERMITS + " permits; " + (s >>> SHIFT) + " + " + n);
      }
      if (STATE.weakCompareAndSet(this, s, s + n * ONE)) {
        return;
      }
    }
    WaitNode chain;
    lock.lock();
    try {
      chain = releaseLocked(n);
    } finally {
      lock.unlock();
    }
    WaitNode.wakeChain(chain);
  }

  /**
   * Hands {@code n} permits to the queue in order and adds the rest to the word, clearing
   * {@code WAITERS} when the queue is empty. Lock held. Returns the chain of granted waiters.
   * While the queue is non-empty the word holds 0 (rule 2), so adding what is left over cannot
   * overflow.
   */
  private WaitNode releaseLocked(long n) {
    WaitNode chain = null;
    Acquirer w;
    while (n > 0 && (w = waiters.peek()) != null) {
      int give = (int) Math.min(n, w.remaining);
      w.remaining -= give;
      n -= give;
      if (w.remaining == 0) {
        waiters.remove(w);
        w.outcome = Acquirer.GRANTED;
        chain = WaitList.chain(chain, w);
      }
    }
    for (;;) {
      long s = state;
      long ns = s + n * ONE; // the word held 0 (rule 2) and n <= MAX_PERMITS: no overflow
      if (waiters.isEmpty()) {
        ns &= ~WAITERS_BIT;
      }
      if (STATE.compareAndSet(this, s, ns)) {
        return chain;
      }
    }
  }

  /** Fails every queued waiter and every later acquire (rule 5). Idempotent. */
  void close() {
    WaitNode chain = null;
    lock.lock();
    try {
      long give = 0;
      Acquirer w;
      while ((w = waiters.poll()) != null) {
        give += w.needed - w.remaining;
        w.outcome = Acquirer.FAILED;
        chain = WaitList.chain(chain, w);
      }
      for (;;) {
        long s = state;
        long ns = ((s + give * ONE) | CLOSED_BIT) & ~WAITERS_BIT;
        if (STATE.compareAndSet(this, s, ns)) {
          break;
        }
      }
    } finally {
      lock.unlock();
    }
    WaitNode.wakeChain(chain);
  }
}
