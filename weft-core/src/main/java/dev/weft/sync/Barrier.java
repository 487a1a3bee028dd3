package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Failures;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets {@code parties} tasks wait until all of them arrived (tokio's {@code Barrier}); then all
 * are released together and the barrier is ready for the next generation.
 *
 * <pre>{@code
 * Barrier start = new Barrier(3);
 * // in each of 3 tasks:
 * boolean leader = start.arriveAndWait().await();   // exactly one of the 3 gets true
 * }</pre>
 *
 * <h2>Rules (implementation)</h2>
 * <ol>
 *   <li>A party arrives at the first poll of its {@code arriveAndWait()} future (not when the
 *       future is made): under the lock it counts itself and, unless it completes the count,
 *       queues itself (the future is the node).
 *   <li>The party that completes the count is the leader: it takes every queued party off the
 *       list, marks them released, starts the next generation, and wakes them after the unlock.
 *   <li>A party cancelled while queued un-arrives: it leaves the list and the count. A party
 *       already released is unaffected.
 * </ol>
 */
public final class Barrier {
  private final int parties;
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList<Party> waiting = new WaitList<>(); // guarded by lock
  private int arrived;                                      // guarded by lock

  /**
   * A barrier for {@code parties} tasks.
   *
   * @param parties how many arrivals complete a generation, at least 1
   * @throws IllegalArgumentException if {@code parties < 1}
   */
  public Barrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("a barrier needs at least one party: " + parties);
    }
    this.parties = parties;
  }

  /**
   * A future that arrives at its first poll and completes once {@code parties} have arrived in
   * this generation: true for exactly one party per generation (the leader, the last to
   * arrive), false for the others.
   *
   * <p><b>Cancel safety.</b> A cancelled arrival that was still waiting un-arrives: the barrier
   * then needs another party to complete the generation.
   *
   * @return a future of whether this party is the generation's leader
   */
  public Future<Boolean> arriveAndWait() {
    return new Party(this);
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Barrier[" + arrived + "/" + parties + "]";
    } finally {
      lock.unlock();
    }
  }

  /** One arrival: its own waiter node. */
  static final class Party extends WaitNode implements Future<Boolean> {
    private static final Poll<Boolean> LEADER = Poll.ready(true);
    private static final Poll<Boolean> FOLLOWER = Poll.ready(false);

    private static final int NEW = 0;
    private static final int WAITING = 1;
    private static final int DONE = 2;

    private final Barrier barrier;
    private volatile boolean released; // written under the lock
    private int phase = NEW;

    Party(Barrier barrier) {
      this.barrier = barrier;
    }

    @Override
    public String describe() {
      return "wait(Barrier)";
    }

    @Override
    public Poll<Boolean> poll(Context cx) {
      if (phase == DONE) {
        throw Failures.polledAfterCompletion(this);
      }
      if (phase == WAITING) {
        if (released) {
          phase = DONE;
          return FOLLOWER;
        }
        if (waker == cx.waker()) {
          return Poll.pending();
        }
      }
      WaitNode chain = null;
      Barrier b = barrier;
      b.lock.lock();
      try {
        if (phase == WAITING) {
          if (released) {
            phase = DONE;
            return FOLLOWER;
          }
          waker = cx.waker();
          return Poll.pending();
        }
        if (++b.arrived < b.parties) {
          waker = cx.waker();
          b.waiting.addLast(this);
          phase = WAITING;
          return Poll.pending();
        }
        b.arrived = 0; // the next generation starts
        Party p;
        while ((p = b.waiting.poll()) != null) {
          p.released = true;
          chain = WaitList.chain(chain, p);
        }
        phase = DONE;
      } finally {
        b.lock.unlock();
      }
      WaitNode.wakeChain(chain);
      return LEADER;
    }

    @Override
    public void cancel() {
      if (phase == WAITING) {
        barrier.lock.lock();
        try {
          if (barrier.waiting.remove(this)) {
            barrier.arrived--; // un-arrive (rule 3)
          }
        } finally {
          barrier.lock.unlock();
        }
      }
      phase = DONE;
    }
  }
}
