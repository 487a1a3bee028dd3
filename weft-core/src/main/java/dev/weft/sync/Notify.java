package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Failures;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes tasks waiting for an event, with no data (tokio's {@code Notify}).
 *
 * <ul>
 *   <li>{@link #notifyOne()} wakes the waiter that has waited longest; if nobody waits, it
 *       stores one permit (at most one: notifying twice stores one) that the next
 *       {@link #notified()} consumes at once.
 *   <li>{@link #notifyWaiters()} wakes every {@code notified()} future created before the call
 *       (polled or not) and stores nothing.
 * </ul>
 *
 * <pre>{@code
 * Notify ready = new Notify();
 * // consumer                          // producer
 * while (!queue.hasItems()) {          queue.add(item);
 *   ready.notified().await();          ready.notifyOne();
 * }
 * }</pre>
 *
 * <h2>Rules (implementation)</h2>
 * <ol>
 *   <li>State is guarded by a lock: the stored permit, the FIFO of waiting futures (each its own
 *       node), and {@code generation}, the number of {@code notifyWaiters()} calls so far.
 *   <li>A {@code notified()} future records the generation when it is created; at its first poll
 *       a changed generation means it was notified already (it was "registered" from creation).
 *   <li>A notified waiter is taken off the list and marked ({@code ONE} or {@code ALL}) under the
 *       lock; its waker runs after the unlock.
 *   <li>A waiter cancelled after a {@code notifyOne()} marked it but before it returned passes
 *       the notification on (to the next waiter, or as the stored permit): none is lost.
 * </ol>
 */
public final class Notify {
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList<Waiter> waiters = new WaitList<>(); // guarded by lock
  private boolean permit;                                   // guarded by lock
  private volatile long generation;                         // written under lock

  /** A notify with no stored permit. */
  public Notify() {}

  /**
   * A future that completes at the next notification: a stored permit (consumed), a
   * {@link #notifyOne()} that picks it, or a {@link #notifyWaiters()} made after this call, even
   * before the future is first polled. A new future on each call.
   *
   * <p><b>Cancel safety.</b> Cancelling leaves the queue in O(1); a cancelled future that had
   * been picked by {@code notifyOne()} passes that notification on, so none is lost.
   *
   * @return a new future
   */
  public Future<Void> notified() {
    return new Waiter(this, generation);
  }

  /** Wakes the longest waiting {@code notified()} future, or stores one permit if none waits. */
  public void notifyOne() {
    Waiter w;
    lock.lock();
    try {
      w = waiters.poll();
      if (w == null) {
        permit = true;
        return;
      }
      w.notification = Waiter.ONE;
    } finally {
      lock.unlock();
    }
    WaitNode.wakeChain(w);
  }

  /** Wakes every {@code notified()} future created before this call; stores no permit. */
  public void notifyWaiters() {
    WaitNode chain;
    lock.lock();
    try {
      generation++;
      chain = null;
      Waiter w;
      while ((w = waiters.poll()) != null) {
        w.notification = Waiter.ALL;
        chain = WaitList.chain(chain, w);
      }
    } finally {
      lock.unlock();
    }
    WaitNode.wakeChain(chain);
  }

  @Override
  public String toString() {
    return "Notify";
  }

  /** The {@code notified()} future: its own waiter node. */
  static final class Waiter extends WaitNode implements Future<Void> {
    static final int NONE = 0;
    static final int ONE = 1;
    static final int ALL = 2;

    private static final int NEW = 0;
    private static final int WAITING = 1;
    private static final int DONE = 2;

    private final Notify notify;
    private final long createdAt;   // the generation at creation (rule 2)
    volatile int notification;      // written under the lock
    private int phase = NEW;        // the owner's

    Waiter(Notify notify, long createdAt) {
      this.notify = notify;
      this.createdAt = createdAt;
    }

    @Override
    public String describe() {
      return "notified(Notify@" + Integer.toHexString(System.identityHashCode(notify)) + ")";
    }

    @Override
    public Poll<Void> poll(Context cx) {
      if (phase == DONE) {
        throw Failures.polledAfterCompletion(this);
      }
      if (phase == WAITING && notification != NONE) {
        phase = DONE;
        return AcquireFuture.readyOf(null);
      }
      if (phase == WAITING && waker == cx.waker()) {
        return Poll.pending(); // only this future writes its waker
      }
      ReentrantLock lock = notify.lock;
      lock.lock();
      try {
        if (phase == NEW) {
          if (notify.generation != createdAt) {
            phase = DONE;
            return AcquireFuture.readyOf(null);
          }
          if (notify.permit) {
            notify.permit = false;
            phase = DONE;
            return AcquireFuture.readyOf(null);
          }
          waker = cx.waker();
          notify.waiters.addLast(this);
          phase = WAITING;
          return Poll.pending();
        }
        if (notification != NONE) {
          phase = DONE;
          return AcquireFuture.readyOf(null);
        }
        waker = cx.waker();
        return Poll.pending();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void cancel() {
      if (phase != WAITING) {
        phase = DONE;
        return;
      }
      phase = DONE;
      boolean passOn;
      ReentrantLock lock = notify.lock;
      lock.lock();
      try {
        notify.waiters.remove(this);
        passOn = notification == ONE;
      } finally {
        lock.unlock();
      }
      if (passOn) {
        notify.notifyOne(); // rule 4
      }
    }
  }
}
