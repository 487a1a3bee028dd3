package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static dev.weft.runtime.RuntimeTesting.sleepQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: {@code close(limit)} was not bounded by its limit, and after the limit the closing
 * thread resumed coroutines on the wrong thread.
 *
 * <p>Multi-thread runtime: the closing thread joined the workers until the limit, then took every
 * task still in the registry and cancelled it itself: the idle tasks pinned to no worker (all
 * of them, one by one: a million idle tasks made {@code close(30 s)} return after 55 s) and the
 * tasks pinned to a worker that was still alive, stuck in a long poll (their coroutines then
 * resumed on the closing thread, which the pinning of suspended blocks exists to prevent, and a
 * slow cleanup among them held the closing thread: {@code close(300 ms)} returned after 5.3 s).
 *
 * <p>Current-thread runtime: the closing thread cancelled every task without looking at the
 * clock.
 *
 * <p>The fix: on the multi-thread runtime each worker cancels its own pinned tasks and shares the
 * unpinned ones, and the closing thread only waits, until the limit and no longer; on the
 * current-thread runtime the closing thread checks the limit between tasks and hands what is
 * left to a thread of the runtime's own. Either way {@code close(limit)} returns false at the
 * limit and every task is still cancelled, each on the right thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseOverranItsLimitTest {
  private static final long SLOW_CLEANUP_MS = 150;
  private static final Duration LIMIT = Duration.ofMillis(200);
  /** The limit plus what a loaded machine may add; far below what the slow cleanups sum to. */
  private static final long BOUND_MS = 700;

  /** A future that never completes and whose cancel takes a while (a slow, blocking cleanup). */
  private static Future<Void> slowToCancel(AtomicInteger cancelled) {
    return new Future<>() {
      @Override
      public Poll<Void> poll(Context cx) {
        return Poll.pending();
      }

      @Override
      public void cancel() {
        sleepQuietly(SLOW_CLEANUP_MS);
        cancelled.incrementAndGet();
      }
    };
  }

  private static long closeAndTime(AsyncRuntime rt, boolean[] result) {
    long start = System.nanoTime();
    result[0] = rt.close(LIMIT);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @ParameterizedTest
  @EnumSource
  void manyIdleTasksWithSlowCleanupsDoNotHoldCloseBeyondItsLimit(RuntimeFlavour flavour) {
    AsyncRuntime rt = flavour.build();
    AtomicInteger cancelled = new AtomicInteger();
    int tasks = 12; // 12 x 150 ms of cleanup: far beyond the limit, even shared by 4 workers
    for (int i = 0; i < tasks; i++) {
      rt.spawn(slowToCancel(cancelled));
    }
    rt.blockOn(async(() -> {
      for (int i = 0; i < 5; i++) {
        Task.yieldNow().await(); // every task polled once and idle
      }
      return null;
    }));
    boolean[] result = new boolean[1];
    long took = closeAndTime(rt, result);
    assertFalse(result[0], "cleanups still ran at the limit");
    assertTrue(took < BOUND_MS, "close(" + LIMIT.toMillis() + " ms) returned after " + took + " ms");
    eventually("every task is still cancelled", () -> cancelled.get() == tasks);
    eventually("the runtime counts none alive", () -> rt.metrics().aliveTasks() == 0);
  }

  @Test
  void aWorkerStuckInAPollKeepsItsPinnedTasksAndTheClosingThreadReturnsAtTheLimit()
      throws Exception {
    String prefix = RuntimeFlavour.MULTI_THREAD_1.newPrefix();
    AsyncRuntime rt = RuntimeFlavour.MULTI_THREAD_1.builder(prefix).build();
    ConcurrentLinkedQueue<String> cleanedUpOn = new ConcurrentLinkedQueue<>();
    CountDownLatch suspended = new CountDownLatch(2);
    CountDownLatch stuck = new CountDownLatch(1);
    for (int i = 0; i < 2; i++) {
      rt.spawn(async(() -> {
        try {
          suspended.countDown();
          Futures.pending().await(); // suspended: pinned to the one worker
        } finally {
          cleanedUpOn.add(Thread.currentThread().getName());
          sleepQuietly(SLOW_CLEANUP_MS);
        }
        return null;
      }));
    }
    suspended.await();
    rt.spawn(async(() -> {
      stuck.countDown();
      sleepQuietly(1_000); // a poll that blocks its worker (a bug of the task's, but it happens)
      return null;
    }));
    stuck.await();
    boolean[] result = new boolean[1];
    long took = closeAndTime(rt, result);
    assertFalse(result[0], "the worker was still stuck at the limit");
    assertTrue(took < BOUND_MS, "close(" + LIMIT.toMillis() + " ms) returned after " + took + " ms");
    eventually("both pinned blocks ran their finally", () -> cleanedUpOn.size() == 2);
    for (String thread : List.copyOf(cleanedUpOn)) {
      assertEquals(prefix + "-worker-0", thread, "a pinned block cleaned up on its own worker");
    }
    eventually("the worker is gone", () -> RuntimeTesting.liveThreads(prefix).isEmpty());
  }
}
