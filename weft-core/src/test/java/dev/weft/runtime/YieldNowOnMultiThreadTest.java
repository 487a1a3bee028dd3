package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import org.junit.jupiter.api.Test;

/**
 * {@link Task#yieldNow()} on a worker of the multi-thread runtime: the yielder is woken once the
 * worker has nothing else queued (or at its next poll of the drivers), so it runs after the
 * tasks queued behind it meanwhile, where a plain wake-up put it ahead of them.
 */
class YieldNowOnMultiThreadTest {

  private static final int SPAWNED = 5;

  @Test
  void aYielderResumesAfterTheTasksQueuedWhileItWaited() {
    int rounds = 20;
    int last = 0;
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(1).build()) {
      for (int r = 0; r < rounds; r++) {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        rt.blockOn(rt.spawn(async(() -> {
          JoinHandle<Void> spawner = Task.spawn(async(() -> {
            // Each spawn takes the LIFO slot and pushes the one before it to the ring.
            List<JoinHandle<Void>> hs = new ArrayList<>();
            for (int i = 0; i < SPAWNED; i++) {
              int n = i;
              hs.add(Task.spawn(async(() -> {
                order.add("c" + n);
                return null;
              })));
            }
            return null;
          }));
          Task.yieldNow().await(); // the spawner runs first, then everything it spawned
          order.add("yielder");
          spawner.await();
          return null;
        })));
        rt.blockOn(async(() -> {
          while (rt.metrics().aliveTasks() > 0) {
            Task.yieldNow().await();
          }
          return null;
        }));
        List<String> seen = List.copyOf(order);
        assertEquals(SPAWNED + 1, seen.size(), "every task ran once: " + seen);
        if (seen.get(SPAWNED).equals("yielder")) {
          last++;
        }
      }
    }
    // A maintenance turn of the worker (every 61 ticks) may wake the yielder early in a round;
    // most rounds see it last.
    assertTrue(last >= rounds * 3 / 4, "the yielder resumed last in " + last + " of " + rounds);
  }

  @Test
  void aYielderIsNotStarvedByATaskThatKeepsRunning() {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(1).build()) {
      int yields = 200;
      Integer busyRoundsSeen = rt.blockOn(rt.spawn(async(() -> {
        boolean[] stop = {false};
        int[] busyRounds = {0};
        // Keeps the worker's queue from ever running dry: it re-spawns itself, round after round.
        JoinHandle<Void> busy = Task.spawn(async(() -> {
          while (!stop[0]) {
            busyRounds[0]++;
            Task.spawn(async(() -> null)).await();
          }
          return null;
        }));
        for (int i = 0; i < yields; i++) {
          Task.yieldNow().await();
        }
        stop[0] = true;
        busy.await();
        return busyRounds[0];
      })));
      assertTrue(busyRoundsSeen > 0, "the busy task ran meanwhile");
    }
  }

  /**
   * A yielder whose worker then gets stuck in a long poll (a blocking call inside a task) is
   * taken by another worker, as a queued task is: the deferral must not hide it from the stall
   * check.
   */
  @Test
  void aYielderBehindAWorkerStuckInAPollIsTakenByAnotherWorker() throws Exception {
    long blockMillis = 1_500;
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build()) {
      CountDownLatch blockerStarted = new CountDownLatch(1);
      long[] resumedAfter = {-1};
      Future<Void> blocker = cx -> {
        blockerStarted.countDown();
        try {
          Thread.sleep(blockMillis); // holds its worker: the bug this rescue is for
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Poll.ready(null);
      };
      // Hand-written (not an async block), so the yielder is never pinned to its worker.
      Future<Long> yielder = new Future<>() {
        private Future<Void> yield;
        private long start;

        @Override
        public Poll<Long> poll(Context cx) {
          if (yield == null) {
            start = System.nanoTime();
            Task.spawn(blocker); // the LIFO slot: it runs on this worker right after this poll
            yield = Task.yieldNow();
          }
          if (yield.poll(cx) instanceof Poll.Pending<Void>) {
            return Poll.pending();
          }
          return Poll.ready((System.nanoTime() - start) / 1_000_000);
        }
      };
      JoinHandle<Long> h = rt.spawn(yielder);
      assertTrue(blockerStarted.await(10, TimeUnit.SECONDS));
      resumedAfter[0] = rt.blockOn(h);
      assertTrue(resumedAfter[0] < blockMillis / 2, "the yielder resumed after " + resumedAfter[0]
          + " ms, behind a poll of " + blockMillis + " ms on its worker");
    }
  }
}
