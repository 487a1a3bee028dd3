package dev.weft.test;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.sync.Mpsc;
import dev.weft.time.Elapsed;
import dev.weft.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a {@code @WeftTest} body can do: await, spawn, sleep on the paused clock. */
class WeftTestTest {
  private static final List<AsyncRuntime> RUNTIMES = new ArrayList<>();
  private Thread testThread;

  @BeforeEach
  void rememberTheTestThread() {
    testThread = Thread.currentThread();
  }

  @AfterAll
  static void everyRuntimeWasClosedAndEachTestHadItsOwn() {
    assertEquals(2, RUNTIMES.size(), "the tests that record their runtime ran");
    assertNotSame(RUNTIMES.get(0), RUNTIMES.get(1));
    for (AsyncRuntime rt : RUNTIMES) {
      assertTrue(rt.isClosed(), rt + " was left open");
    }
  }

  @WeftTest
  void theBodyIsAnAsyncBlockOnACurrentThreadRuntimeOnTheTestsThread(AsyncRuntime rt) {
    RUNTIMES.add(rt);
    assertTrue(Async.inAsync());
    assertSame(rt, AsyncRuntime.current().orElseThrow());
    assertSame(testThread, Thread.currentThread());
    assertEquals(1, rt.metrics().workers());
    assertEquals(7, async(() -> 7).await());
  }

  @WeftTest
  void anHourLongTimeoutElapsesAtOnceOnThePausedClock(AsyncRuntime rt) {
    RUNTIMES.add(rt);
    long realStart = System.nanoTime();
    Instant start = Time.now();
    Future<Object> never = Time.timeout(Duration.ofHours(1), Futures.pending());
    assertThrows(Elapsed.class, never::await);
    assertEquals(Duration.ofHours(1), Duration.between(start, Time.now()));
    assertTrue(System.nanoTime() - realStart < 5_000_000_000L, "no real hour passed");
  }

  @WeftTest
  void advanceMovesThePausedClockAndRunsTheTasksItWakes() {
    Instant t0 = Time.now();
    AtomicReference<Instant> wokeAt = new AtomicReference<>();
    JoinHandle<Void> sleeper = Task.spawn(async(() -> {
      Time.sleep(Duration.ofSeconds(10)).await();
      wokeAt.set(Time.now());
      return null;
    }));
    Task.yieldNow().await(); // the sleeper registers its timer
    Time.advance(Duration.ofSeconds(9)).await();
    assertEquals(null, wokeAt.get(), "woke before its deadline");
    Time.advance(Duration.ofSeconds(1)).await();
    assertEquals(t0.plusSeconds(10), wokeAt.get());
    sleeper.await();
  }

  @WeftTest
  void tasksTalkOverChannelsAndTheirTimersAutoAdvance() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    Instant t0 = Time.now();
    JoinHandle<Void> producer = Task.spawn(async(() -> {
      try (var tx = ch.sender()) {
        for (int i = 1; i <= 3; i++) {
          Time.sleep(Duration.ofMinutes(i)).await();
          tx.send(i).await();
        }
      }
      return null;
    }));
    List<Integer> got = new ArrayList<>();
    try (var rx = ch.receiver()) {
      for (var next = rx.recv().await(); next.isPresent(); next = rx.recv().await()) {
        got.add(next.get());
      }
    }
    producer.await();
    assertEquals(List.of(1, 2, 3), got);
    assertEquals(Duration.ofMinutes(6), Duration.between(t0, Time.now()));
  }

  @WeftTest
  void aFailureAwaitedInTheBodyIsTheOriginal() {
    IllegalStateException boom = new IllegalStateException("boom");
    JoinHandle<Object> failing = Task.spawn(Futures.failed(boom));
    assertSame(boom, assertThrows(IllegalStateException.class, failing::await));
  }

  @Test
  void anOrdinaryTestOfTheSameClassRunsOutsideAnyRuntime() {
    assertFalse(Async.inAsync());
    assertTrue(AsyncRuntime.current().isEmpty());
  }
}
