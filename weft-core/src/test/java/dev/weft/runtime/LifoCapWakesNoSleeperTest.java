package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import org.junit.jupiter.api.Test;

/**
 * Two tasks that wake each other in turn settle on one worker of the multi-thread runtime (each
 * wake-up from a worker's own task goes to that worker's LIFO slot). After its LIFO slot's turns
 * the worker moves the woken task to its ring. It used to wake a sleeping worker for it every
 * time, though that task was all it had queued and its next turn took it: the other worker woke
 * for nothing, and now and then stole it, splitting the pair over two threads. Now it is woken
 * only when the ring already held work.
 */
class LifoCapWakesNoSleeperTest {
  private static final int ROUND_TRIPS = 500_000;

  @Test
  void aPingPongOnOneWorkerLeavesTheOtherAsleep() {
    AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build();
    try {
      Turn turn = new Turn();
      JoinHandle<Integer> pong = rt.spawn(new Player(turn, 1));
      JoinHandle<Integer> ping = rt.spawn(new Player(turn, 0));
      assertEquals(ROUND_TRIPS, rt.blockOn(ping));
      assertEquals(ROUND_TRIPS, rt.blockOn(pong));
    } finally {
      rt.close(); // joins the workers: their counters are final and visible
    }
    MultiThreadScheduler s = (MultiThreadScheduler) rt.scheduler();
    long wakes = s.workers[0].stats.wakesByUnpark + s.workers[1].stats.wakesByUnpark;
    // Woken at LIFO overflows while the other slept: 37-442 times in six runs of this test
    // before; now 3-13, around the start and the end (the spawns, the joins).
    assertTrue(wakes <= 25, "wake-ups of a sleeping worker during " + ROUND_TRIPS
        + " round trips of two tasks: " + wakes);
  }

  /** Whose turn it is (0 or 1), and the wakers of the two players. */
  private static final class Turn {
    volatile int whose;
    final Waker[] wakers = new Waker[2];
  }

  /** Takes {@link #ROUND_TRIPS} turns: on each, hands the turn to the other player and wakes it. */
  private static final class Player implements Future<Integer> {
    private final Turn turn;
    private final int me;
    private int taken;

    Player(Turn turn, int me) {
      this.turn = turn;
      this.me = me;
    }

    @Override
    public Poll<Integer> poll(Context cx) {
      synchronized (turn) {
        turn.wakers[me] = cx.waker();
        if (turn.whose != me) {
          return Poll.pending();
        }
        taken++;
        turn.whose = 1 - me;
        Waker other = turn.wakers[1 - me];
        if (other != null) {
          other.wake();
        }
        if (taken == ROUND_TRIPS) {
          return Poll.ready(taken);
        }
        return Poll.pending();
      }
    }
  }
}
