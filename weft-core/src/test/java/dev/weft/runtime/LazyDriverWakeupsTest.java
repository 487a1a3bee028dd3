package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A worker woken by readiness (a timer here; sockets behave the same) neither wakes a neighbour
 * to take the driver over nor shares its batch at once (Worker#shareLater, DriverWatch). These
 * tests pin down what must still hold: nothing waits behind a long poll, and a batch the worker
 * does not finish soon is shared. Both selector shapes, on two workers, with poll-based futures
 * (a task holding a coroutine could not move in the plain build).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LazyDriverWakeupsTest {
  private static AsyncRuntime twoWorkers(Selectors shape) {
    return AsyncRuntime.builder().multiThread().workers(2).selectors(shape).slowPollDetection(false)
        .threadName("lazy-wake-" + shape.name().toLowerCase()).build();
  }

  /**
   * After the timer wakes it, the task spawns a child (into its worker's LIFO slot) that itself
   * sleeps on a timer, then stays in its poll until the child has run. The other worker sleeps
   * off the driver (it went to sleep while this one held it) and nobody hands it work, so only
   * the DriverWatch can put it on the driver, where the stall check takes the child and the
   * timer fires. Without the watch, each rep would wait out its 2 s.
   *
   * <p>It also caught a livelock older than the watch, about once in 150 fresh runtimes: the
   * other worker, the last searcher, saw the LIFO task when it went to sleep (Idle rule 5) and
   * woke itself to search again, forever, since an ordinary search leaves LIFO slots alone; so
   * it never slept on the driver, where the stall check runs (Worker#hasSearchableWork).
   */
  @ParameterizedTest
  @EnumSource(Selectors.class)
  void aTaskStuckBehindALongPollAfterAReadinessWakeUpStillRunsAndItsTimerFires(Selectors shape) {
    for (int rep = 0; rep < 150; rep++) {
      try (AsyncRuntime rt = twoWorkers(shape)) { // fresh each rep: the livelock above
        Future<Boolean> task = Time.sleep(Duration.ofMillis(2)).map(ignored -> {
          AtomicBoolean child = new AtomicBoolean();
          Task.spawn(Time.sleep(Duration.ofMillis(1)).map(v -> {
            child.set(true);
            return null;
          }));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
          while (!child.get() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
          }
          return child.get();
        });
        boolean ran = rt.blockOn(rt.spawn(task));
        assertTrue(ran, "rep " + rep + ": the child and its timer waited behind a long poll");
      }
    }
  }

  /**
   * 64 tasks become ready in one driver batch (one timer deadline) and each then polls for
   * 300 µs: too short for the stall check, which rescues only a poll seen twice a millisecond
   * apart. The worker that received the batch must get help from the other worker once the
   * batch has waited ({@code Worker.SHARE_AFTER_NANOS}), so both run some of them.
   */
  @ParameterizedTest
  @EnumSource(Selectors.class)
  void aDriverBatchThatStaysQueuedIsShared(Selectors shape) {
    try (AsyncRuntime rt = twoWorkers(shape)) {
      Set<String> threads = Set.of();
      for (int attempt = 0; attempt < 5 && threads.size() < 2; attempt++) {
        Set<String> ran = ConcurrentHashMap.newKeySet(); // each attempt on its own
        threads = ran;
        Instant at = Instant.now().plusMillis(30);
        List<JoinHandle<Void>> handles = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          handles.add(rt.spawn(Time.sleepUntil(at).map(v -> {
            ran.add(Thread.currentThread().getName());
            long end = System.nanoTime() + 300_000;
            while (System.nanoTime() - end < 0) {
              Thread.onSpinWait();
            }
            return v;
          })));
        }
        rt.blockOn(Futures.joinAll(handles));
      }
      assertTrue(threads.size() >= 2,
          "one worker ran the whole batch, 64 x 300 us, while the other slept: " + threads);
    }
  }

  /**
   * While every worker is awake there is nobody the DriverWatch could wake, so it must look at
   * the watchdog's own pace (10 ms), not every millisecond: on a machine whose cores are all
   * busy, each look of the watchdog thread preempts a worker (W1 on two cores paid about 5 ns a
   * task for it). Both workers spin for 300 ms; the watch may look about 30 times meanwhile.
   */
  @ParameterizedTest
  @EnumSource(Selectors.class)
  void theDriverWatchDoesNotWakeEveryMillisecondWhileEveryWorkerIsBusy(Selectors shape) {
    try (AsyncRuntime rt = twoWorkers(shape)) {
      AtomicInteger started = new AtomicInteger();
      long[] window = new long[2];
      List<JoinHandle<Void>> spinners = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        spinners.add(rt.spawn(Futures.lazy(() -> {
          if (started.incrementAndGet() == 2) {
            window[0] = rt.driverWatch().samples();
          }
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (started.get() < 2 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait(); // until both workers are busy
          }
          long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
          while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
          }
          return null;
        })));
      }
      rt.blockOn(Futures.joinAll(spinners));
      window[1] = rt.driverWatch().samples();
      assertTrue(started.get() == 2, "both spinners ran");
      long looks = window[1] - window[0];
      assertTrue(looks < 100,
          "the watch looked " + looks + " times in 300 ms with every worker busy (1 ms pace)");
    }
  }
}
