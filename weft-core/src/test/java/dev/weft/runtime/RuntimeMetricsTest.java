package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.awaitQuietly;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.runtime.RuntimeTesting.Latch;
import dev.weft.runtime.RuntimeTesting.Occupied;
import dev.weft.test.ManualFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code RuntimeMetrics}: a live view, read at each call. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeMetricsTest {

  @ParameterizedTest
  @EnumSource
  void workersIsOneForCurrentThreadAndNForMultiThread(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      assertEquals(flavour.workers, rt.metrics().workers());
    }
  }

  @ParameterizedTest
  @EnumSource
  void spawnedAndAliveTasksCountTasksAndAliveGoesBackToZero(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      RuntimeMetrics m = rt.metrics();
      assertEquals(0, m.spawnedTasks());
      assertEquals(0, m.aliveTasks());
      rt.blockOn(Futures.ready(1));
      assertEquals(0, m.spawnedTasks(), "the blockOn future is not a task");
      List<ManualFuture<Integer>> inputs = new ArrayList<>();
      List<JoinHandle<Integer>> hs = new ArrayList<>();
      Latch started = new Latch(10);
      for (int i = 0; i < 10; i++) {
        ManualFuture<Integer> in = new ManualFuture<>();
        inputs.add(in);
        hs.add(rt.spawn(async(() -> {
          started.countDown();
          return in.await();
        })));
      }
      hs.add(rt.spawnBlocking(() -> 0));
      rt.blockOn(started.done());
      assertEquals(11, m.spawnedTasks(), "blocking tasks count too");
      eventually("the blocking task finished", () -> m.aliveTasks() == 10);
      rt.blockOn(async(() -> {
        Task.spawn(Futures.ready(0)).await();
        return null;
      }));
      assertEquals(12, m.spawnedTasks(), "tasks spawned by tasks count");
      for (ManualFuture<Integer> in : inputs) {
        in.complete(1);
      }
      for (JoinHandle<Integer> h : hs) {
        rt.blockOn(h);
      }
      eventually("aliveTasks back to 0", () -> m.aliveTasks() == 0);
      assertEquals(12, m.spawnedTasks());
    }
  }

  @ParameterizedTest
  @EnumSource
  void pollsGrowAsTasksArePolled(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      RuntimeMetrics m = rt.metrics();
      long before = m.polls();
      rt.blockOn(rt.spawn(async(() -> {
        for (int i = 0; i < 10; i++) {
          Task.yieldNow().await();
        }
        return null;
      })));
      eventually("the 11 polls of the task are counted", () -> m.polls() >= before + 11);
    }
  }

  @ParameterizedTest
  @EnumSource
  void injectionQueueDepthCountsTasksWaitingThatCameFromOutside(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      RuntimeMetrics m = rt.metrics();
      List<JoinHandle<Integer>> hs = new ArrayList<>();
      try (Occupied busy = Occupied.allWorkers(rt, flavour)) {
        for (int i = 0; i < 5; i++) {
          hs.add(rt.spawn(Futures.ready(i)));
        }
        assertEquals(5, m.injectionQueueDepth(), "nothing polls them: they wait in the queue");
      }
      for (JoinHandle<Integer> h : hs) {
        rt.blockOn(h);
      }
      eventually("the injection queue drained", () -> m.injectionQueueDepth() == 0);
    }
  }

  @ParameterizedTest
  @EnumSource
  void blockingThreadsCountsThePoolsThreads(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      assertEquals(0, rt.metrics().blockingThreads());
      CountDownLatch both = new CountDownLatch(2);
      List<JoinHandle<Integer>> hs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        hs.add(rt.spawnBlocking(() -> {
          both.countDown();
          awaitQuietly(both);
          return rt.metrics().blockingThreads();
        }));
      }
      for (JoinHandle<Integer> h : hs) {
        assertEquals(2, rt.blockOn(h));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = "MULTI_THREAD_4")
  void stealsGrowWhenOneTaskSpawnsManyBusyTasks(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      int n = 200;
      int sum = rt.blockOn(rt.spawn(async(() -> {
        List<JoinHandle<Integer>> hs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          hs.add(Task.spawn(Futures.lazy(RuntimeMetricsTest::spin)));
        }
        int s = 0;
        for (JoinHandle<Integer> h : hs) {
          s += h.await();
        }
        return s;
      })));
      assertEquals(n, sum);
      assertTrue(rt.metrics().steals() > 0, "steals: " + rt.metrics());
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"CURRENT_THREAD", "MULTI_THREAD_1"})
  void aRuntimeWithOneThreadNeverSteals(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(rt.spawn(async(() -> {
        for (int i = 0; i < 100; i++) {
          Task.spawn(Futures.lazy(RuntimeMetricsTest::spin));
        }
        return null;
      })));
      assertEquals(0, rt.metrics().steals());
    }
  }

  /** About 100 µs of CPU work, so that a queue of such tasks is worth stealing from. */
  private static int spin() {
    long end = System.nanoTime() + 100_000;
    long x = 0;
    while (System.nanoTime() < end) {
      x++;
    }
    return x >= 0 ? 1 : 0;
  }
}
