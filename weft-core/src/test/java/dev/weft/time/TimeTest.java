package dev.weft.time;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Result;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.ManualFuture;
import dev.weft.test.WeftTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TimeTest {

  record Flavour(String name, Supplier<AsyncRuntime> make) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Flavour> flavours() {
    return Stream.of(
        new Flavour("current-thread", AsyncRuntime::currentThread),
        new Flavour("multi-thread-1", () -> AsyncRuntime.builder().multiThread().workers(1).build()),
        new Flavour("multi-thread-4", () -> AsyncRuntime.builder().multiThread().workers(4).build()));
  }

  private static AsyncRuntime paused() {
    return AsyncRuntime.builder().startPaused(true).build();
  }

  // ---- arguments and places ----

  @Test
  void badArgumentsAreRejectedAtTheCall() {
    assertThrows(IllegalArgumentException.class, () -> Time.sleep(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> Time.timeout(Duration.ofMillis(-1), Futures.ready(1)));
    assertThrows(NullPointerException.class, () -> Time.sleep(null));
    assertThrows(NullPointerException.class, () -> Time.sleepUntil(null));
    assertThrows(NullPointerException.class, () -> Time.timeout(Duration.ZERO, null));
    try (AsyncRuntime rt = paused()) {
      rt.blockOn(async(() -> {
        assertThrows(IllegalArgumentException.class, () -> Time.advance(Duration.ofMillis(-1)));
        return null;
      }));
    }
  }

  @Test
  void creatingATimerDoesNothingAndPollingOneWithoutARuntimeFails() {
    Future<Void> sleep = Time.sleep(Duration.ofMillis(1)); // fine: nothing happens yet
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Futures.blockOn(sleep));
    assertTrue(e.getMessage().contains("runtime"), e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> Futures.blockOn(Time.timeout(Duration.ofSeconds(1), Futures.pending())));
  }

  @Test
  void advanceIsRefusedWhereTheClockIsNotPaused() {
    assertThrows(IllegalStateException.class, () -> Time.advance(Duration.ofSeconds(1)));
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> rt.blockOn(async(() -> Time.advance(Duration.ofSeconds(1)))));
      assertTrue(e.getMessage().contains("startPaused"), e.getMessage());
    }
  }

  @Test
  void aPausedClockNeedsTheCurrentThreadRuntime() {
    assertThrows(IllegalArgumentException.class,
        () -> AsyncRuntime.builder().multiThread().startPaused(true).build());
  }

  @Test
  void nowIsTheSystemClockOutsideARuntime() {
    Instant before = Instant.now();
    Instant now = Time.now();
    assertFalse(now.isBefore(before));
  }

  // ---- real clock, every flavour ----

  @ParameterizedTest
  @MethodSource("flavours")
  void sleepOfZeroCompletes(Flavour f) {
    try (AsyncRuntime rt = f.make().get()) {
      assertEquals(null, rt.blockOn(Time.sleep(Duration.ZERO)));
      assertEquals(1, rt.blockOn(async(() -> {
        Time.sleep(Duration.ZERO).await();
        return 1;
      })));
    }
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void sleepWaitsAtLeastItsDuration(Flavour f) {
    try (AsyncRuntime rt = f.make().get()) {
      long start = System.nanoTime();
      rt.blockOn(rt.spawn(async(() -> {
        Time.sleep(Duration.ofMillis(30)).await();
        return null;
      })));
      assertTrue(System.nanoTime() - start >= 30_000_000L);
    }
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void timeoutFailsWithElapsedAndCancelsTheInnerFuture(Flavour f) {
    try (AsyncRuntime rt = f.make().get()) {
      ManualFuture<Integer> never = new ManualFuture<>();
      AtomicBoolean finallyRan = new AtomicBoolean();
      Future<Integer> inner = async(() -> {
        try {
          return never.await();
        } finally {
          finallyRan.set(true);
        }
      });
      assertThrows(Elapsed.class, () -> rt.blockOn(Time.timeout(Duration.ofMillis(20), inner)));
      assertTrue(finallyRan.get(), "the inner future's finally ran");
      assertTrue(never.isCancelled());
    }
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void timeoutGivesTheValueOrTheFailureOfAFastFuture(Flavour f) {
    try (AsyncRuntime rt = f.make().get()) {
      assertEquals(5, rt.blockOn(Time.timeout(Duration.ofSeconds(10), Futures.ready(5))));
      assertEquals(6, rt.blockOn(Time.timeout(Duration.ZERO, Futures.ready(6))), "ready wins at zero");
      IOException io = new IOException();
      Result<Object> r = rt.blockOn(Time.timeout(Duration.ofSeconds(10), Futures.failed(io)).result());
      assertSame(io, ((Result.Err<Object>) r).error());
      assertEquals(7, rt.blockOn(Time.timeout(Duration.ofSeconds(10),
          async(() -> {
            Time.sleep(Duration.ofMillis(5)).await();
            return 7;
          }))));
    }
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void sleepUntilAPastInstantIsReadyAtOnce(Flavour f) {
    try (AsyncRuntime rt = f.make().get()) {
      rt.blockOn(Time.sleepUntil(Instant.now().minusSeconds(5)));
      long start = System.nanoTime();
      rt.blockOn(async(() -> {
        Time.sleepUntil(Time.now().plusMillis(20)).await();
        return null;
      }));
      assertTrue(System.nanoTime() - start >= 19_000_000L);
    }
  }

  @Test
  void anEarlierTimerWakesAWorkerSleepingOnALaterOne() {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build()) {
      rt.spawn(Time.sleep(Duration.ofHours(1)));
      CompletableFuture<Void> later = new CompletableFuture<>();
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
        Thread.sleep(50); // let the workers park on the hour-long timer
        long start = System.nanoTime();
        rt.spawn(Time.sleep(Duration.ofMillis(30))).toCompletableFuture().join();
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        later.complete(null);
      });
    }
  }

  // ---- paused clock ----

  @WeftTest
  void anHourLongTimeoutFinishesAtOnceAndTheVirtualClockMovedAnHour() {
    long realStart = System.nanoTime();
    Instant before = Time.now();
    Result<Object> r = Time.timeout(Duration.ofHours(1), Futures.pending()).result().await();
    assertInstanceOf(Elapsed.class, ((Result.Err<Object>) r).error());
    assertEquals(Duration.ofHours(1), Duration.between(before, Time.now()));
    assertTrue(System.nanoTime() - realStart < 5_000_000_000L, "no real hour passed");
  }

  @Test
  void thePausedClockStartsAtTheWallClockTimeOfBuild() {
    Instant before = Instant.now();
    try (AsyncRuntime rt = paused()) {
      Instant start = rt.blockOn(async(Time::now));
      assertFalse(start.isBefore(before.minusMillis(1)));
      assertTrue(Duration.between(before, start).toMillis() < 5000);
    }
  }

  @WeftTest
  void advanceMovesTheClockAndLetsTheWokenTasksRunFirst() {
    List<String> trace = Collections.synchronizedList(new ArrayList<>());
    Instant t0 = Time.now();
    JoinHandle<Void> sleeper = Task.spawn(async(() -> {
      Time.sleep(Duration.ofSeconds(10)).await();
      trace.add("sleeper woke");
      return null;
    }));
    Task.yieldNow().await(); // let it register its timer
    Time.advance(Duration.ofSeconds(9)).await();
    trace.add("advanced 9s");
    Time.advance(Duration.ofSeconds(1)).await();
    trace.add("advanced 10s");
    assertEquals(Duration.ofSeconds(10), Duration.between(t0, Time.now()));
    sleeper.await();
    assertEquals(List.of("advanced 9s", "sleeper woke", "advanced 10s"), trace);
  }

  @WeftTest
  void aYieldingTaskPreventsTheJump() {
    AtomicBoolean sleeperDone = new AtomicBoolean();
    AtomicInteger sawDoneEarly = new AtomicInteger();
    JoinHandle<Void> sleeper = Task.spawn(async(() -> {
      Time.sleep(Duration.ofHours(1)).await();
      sleeperDone.set(true);
      return null;
    }));
    JoinHandle<Void> busy = Task.spawn(async(() -> {
      for (int i = 0; i < 10_000; i++) {
        if (sleeperDone.get()) {
          sawDoneEarly.incrementAndGet();
        }
        Task.yieldNow().await();
      }
      return null;
    }));
    busy.await();
    sleeper.await();
    assertEquals(0, sawDoneEarly.get(), "the clock jumped while a task kept running");
    assertTrue(sleeperDone.get(), "once everything was idle, the clock jumped");
  }

  @WeftTest
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aHundredThousandRandomSleepsFireInDeadlineOrder() {
    int n = 100_000;
    Random rnd = new Random(42);
    List<Long> fired = Collections.synchronizedList(new ArrayList<>(n));
    Instant t0 = Time.now();
    List<JoinHandle<Void>> handles = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long ms = rnd.nextInt(3_600_000);
      handles.add(Task.spawn(Time.sleep(Duration.ofMillis(ms)).map(x -> {
        fired.add(ms);
        assertEquals(Duration.ofMillis(ms), Duration.between(t0, Time.now()),
            "fired at its deadline");
        return null;
      })));
    }
    for (JoinHandle<Void> h : handles) {
      h.await();
    }
    assertEquals(n, fired.size());
    for (int i = 1; i < n; i++) {
      assertTrue(fired.get(i - 1) <= fired.get(i), "out of order at " + i);
    }
  }

  @Test
  void timersConsumeTheCooperativeBudget() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      AtomicInteger sleepsDone = new AtomicInteger();
      AtomicInteger seenByOther = new AtomicInteger(-1);
      rt.blockOn(async(() -> {
        JoinHandle<Void> greedy = Task.spawn(async(() -> {
          for (int i = 0; i < 1000; i++) {
            Time.sleep(Duration.ZERO).await();
            sleepsDone.incrementAndGet();
          }
          return null;
        }));
        JoinHandle<Void> other = Task.spawn(async(() -> {
          seenByOther.set(sleepsDone.get());
          return null;
        }));
        greedy.await();
        other.await();
        return null;
      }));
      assertTrue(seenByOther.get() < 1000,
          "the other task ran only after 1000 ready sleeps: " + seenByOther.get());
    }
  }

  @Test
  void aMillionPendingSleepsWithNothingDueUseNoCpu() throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).threadName("idle-cpu").build()) {
      rt.blockOn(rt.spawn(async(() -> { // spawned from a worker: the local, lock-free path
        for (int i = 0; i < 1_000_000; i++) {
          Task.spawn(Time.sleep(Duration.ofHours(1)));
        }
        return null;
      })));
      while (rt.metrics().polls() < 1_000_000) {
        Thread.sleep(20);
      }
      Thread.sleep(200);
      long before = runtimeCpu(mx, "idle-cpu");
      Thread.sleep(1000);
      long used = runtimeCpu(mx, "idle-cpu") - before;
      assertTrue(used < 50_000_000L, "the runtime's threads used " + used / 1_000_000 + " ms of CPU in 1 s");
    }
  }

  private static long runtimeCpu(ThreadMXBean mx, String prefix) {
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        total += Math.max(0, mx.getThreadCpuTime(t.threadId()));
      }
    }
    return total;
  }
}
