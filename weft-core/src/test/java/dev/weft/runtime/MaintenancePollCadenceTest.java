package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.time.Time;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A worker of the multi-thread runtime polls its drivers between tasks after every 61 tasks it
 * polled since it last did (a sleep counts as a poll of the drivers), not after every 61 turns
 * of its loop. Counted by turns, a worker that slept between short bursts polled the selector
 * again right after a sleep, while the tasks that sleep had woken still waited in its queue:
 * the level-triggered selector reported their sockets again, and each lost its read interest
 * and got it back (two {@code epoll_ctl} calls).
 */
class MaintenancePollCadenceTest {

  @Test
  void aWorkerThatSleepsBetweenShortBurstsMakesNoMaintenancePoll() {
    AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(1).build();
    try {
      rt.blockOn(rt.spawn(async(() -> {
        for (int i = 0; i < 300; i++) {
          Time.sleep(Duration.ofMillis(1)).await(); // the worker sleeps, then polls this once
        }
        return null;
      })));
    } finally {
      rt.close(); // joins the worker: its counters are final and visible
    }
    // By turns (a task's turn and a sleep's turn a cycle): about 10 in 300 cycles.
    assertEquals(0, worker(rt).stats.maintenancePolls,
        "a poll of the drivers between tasks of a worker that polled at most one task a sleep");
  }

  @Test
  void aWorkerThatNeverSleepsPollsItsDriversEvery61Tasks() {
    int polls = 61 * 100;
    AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(1).build();
    try {
      rt.blockOn(rt.spawn(new SelfWaking(polls)));
    } finally {
      rt.close();
    }
    long maintenance = worker(rt).stats.maintenancePolls;
    assertTrue(maintenance >= 98 && maintenance <= 101,
        "polls of the drivers by a worker that polled " + polls + " tasks without sleeping: "
            + maintenance + " (expected about " + polls / 61 + ")");
  }

  private static Worker worker(AsyncRuntime rt) {
    return ((MultiThreadScheduler) rt.scheduler()).workers[0];
  }

  /** Wakes itself from inside its own poll until it was polled {@code polls} times. */
  private static final class SelfWaking implements Future<Void> {
    private int left;

    SelfWaking(int polls) {
      this.left = polls;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      if (--left == 0) {
        return Poll.ready(null);
      }
      cx.waker().wake();
      return Poll.pending();
    }
  }
}
