package dev.weft.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which workers of the multi-thread runtime sleep and how many look for work (tokio's idle
 * coordination): one wake-up must not stampede the pool, and work must never sit while every
 * worker sleeps.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>The state word counts <em>unparked</em> workers (high half) and <em>searching</em> ones
 *       (low half, a subset of the unparked).
 *   <li>Whoever makes work available (a push to a queue) calls {@link #workerToNotify(int)}: it
 *       wakes a sleeper only when nobody is searching and somebody sleeps. The woken worker is
 *       counted as searching and unparked before it is woken, so a burst of pushes wakes one
 *       worker, not all of them.
 *   <li>A worker searches (steals) only while fewer than half of the workers search.
 *   <li>A searcher that finds work stops searching; if it was the last searcher it wakes another
 *       worker, so that while work keeps appearing someone keeps looking.
 *   <li>A worker going to sleep registers as a sleeper and drops its counts under the lock; if it
 *       was the last searcher, it looks at every queue once more afterwards, since work pushed
 *       while it was searching may have relied on it (rule 2 saw a searcher and woke nobody).
 *   <li>The pusher's push and this check are ordered by a full fence against the sleeper's
 *       count update and its last look (a store-load pair on both sides: Dekker's argument).
 * </ol>
 */
final class Idle {
  private static final int UNPARKED_ONE = 1 << 16;
  private static final int SEARCHING_MASK = UNPARKED_ONE - 1;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Idle.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int workers;
  private final ReentrantLock lock = new ReentrantLock();
  private final int[] sleepers;
  private int sleeperCount;
  private volatile int state;

  Idle(int workers) {
    this.workers = workers;
    this.sleepers = new int[workers];
    this.state = workers * UNPARKED_ONE;
  }

  private static int searching(int s) {
    return s & SEARCHING_MASK;
  }

  private static int unparked(int s) {
    return s >>> 16;
  }

  private boolean shouldWake() {
    int s = state;
    return searching(s) == 0 && unparked(s) < workers;
  }

  /**
   * A cheap, unfenced look at rule 2 for a worker that pushed onto its own queue: false when no
   * worker sleeps or one already searches. A stale answer costs only parallelism, never a task:
   * the pusher runs its own queue. Pushes from outside a worker must use {@link
   * #workerToNotify(int)}, whose fence is what makes their wake-up certain.
   */
  boolean mightWantWorker() {
    int s = (int) STATE.getOpaque(this);
    return searching(s) == 0 && unparked(s) < workers;
  }

  /**
   * Rule 2: the index of a sleeper to unpark, now counted searching, or -1. It prefers a sleeper
   * other than {@code driverHolder} (the one sleeping on the driver, or -1), so that the driver
   * keeps its sleeper and need not be handed over (MultiThreadScheduler#watchDriver).
   */
  int workerToNotify(int driverHolder) {
    VarHandle.fullFence(); // rule 6
    if (!shouldWake()) {
      return -1;
    }
    lock.lock();
    try {
      if (!shouldWake() || sleeperCount == 0) {
        return -1;
      }
      STATE.getAndAdd(this, UNPARKED_ONE + 1);
      int top = sleeperCount - 1;
      if (sleepers[top] == driverHolder && top > 0) {
        sleepers[top] = sleepers[top - 1];
        sleepers[top - 1] = driverHolder;
      }
      return sleepers[--sleeperCount];
    } finally {
      lock.unlock();
    }
  }

  /** Rule 3. */
  boolean transitionToSearching() {
    int s = state;
    if (2 * searching(s) >= workers) {
      return false;
    }
    STATE.getAndAdd(this, 1);
    return true;
  }

  /** Rule 4: true if the caller was the last searcher. */
  boolean transitionFromSearching() {
    int previous = (int) STATE.getAndAdd(this, -1);
    return searching(previous) == 1;
  }

  /** Rule 5: true if the caller was the last searcher (it must look at every queue once more). */
  boolean transitionToParked(int worker, boolean isSearching) {
    lock.lock();
    try {
      int previous = (int) STATE.getAndAdd(this, -(UNPARKED_ONE + (isSearching ? 1 : 0)));
      sleepers[sleeperCount++] = worker;
      return isSearching && searching(previous) == 1;
    } finally {
      lock.unlock();
    }
  }

  /** Takes {@code worker} out of the sleepers (counted unparked, not searching); false if it was not one. */
  boolean unparkById(int worker) {
    lock.lock();
    try {
      for (int i = 0; i < sleeperCount; i++) {
        if (sleepers[i] == worker) {
          sleepers[i] = sleepers[--sleeperCount];
          STATE.getAndAdd(this, UNPARKED_ONE);
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** True while {@code worker} is registered as a sleeper (nobody has notified it). */
  boolean isParked(int worker) {
    lock.lock();
    try {
      for (int i = 0; i < sleeperCount; i++) {
        if (sleepers[i] == worker) {
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Some sleeping worker's index, left registered as a sleeper, or -1 when none sleeps. */
  int anySleeper() {
    if (unparked(state) == workers) {
      return -1; // nobody sleeps: the common case of a busy runtime, without the lock
    }
    lock.lock();
    try {
      return sleeperCount == 0 ? -1 : sleepers[sleeperCount - 1];
    } finally {
      lock.unlock();
    }
  }

  /** Workers not asleep now (for the stall check: is anyone busy?). */
  int unparkedCount() {
    return unparked(state);
  }
}
