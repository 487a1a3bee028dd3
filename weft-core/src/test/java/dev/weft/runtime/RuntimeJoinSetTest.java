package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Result;
import dev.weft.runtime.RuntimeTesting.Latch;
import dev.weft.test.ManualFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code JoinSet}, as its Javadoc states it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeJoinSetTest {

  /** A task that returns what {@code input} gives, counting finally blocks, signalling its start. */
  private static Future<Integer> member(ManualFuture<Integer> input, Latch started, AtomicInteger finallies) {
    return async(() -> {
      try {
        started.countDown();
        return input.await();
      } finally {
        finallies.incrementAndGet();
      }
    });
  }

  private static List<ManualFuture<Integer>> inputs(int n) {
    List<ManualFuture<Integer>> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(new ManualFuture<>("input " + i));
    }
    return l;
  }

  @ParameterizedTest
  @EnumSource
  void joinNextGivesTasksInCompletionOrder(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(async(() -> {
        List<ManualFuture<Integer>> in = inputs(4);
        Latch started = new Latch(4);
        try (JoinSet<Integer> set = new JoinSet<>()) {
          for (ManualFuture<Integer> f : in) {
            set.spawn(member(f, started, new AtomicInteger()));
          }
          started.done().await();
          for (int i : new int[] {2, 0, 3, 1}) {
            in.get(i).complete(i * 10);
            assertEquals(Optional.of(Result.ok(i * 10)), set.joinNext().await());
          }
          assertEquals(Optional.empty(), set.joinNext().await());
        }
        return null;
      }));
    }
  }

  @ParameterizedTest
  @EnumSource
  void aFailedTaskGivesErrWithTheOriginalFailureAndAnAbortedOneErrCancellation(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(async(() -> {
        IOException checked = new IOException();
        try (JoinSet<Integer> set = new JoinSet<>()) {
          set.spawn(Futures.failed(checked));
          Result<Integer> failed = set.joinNext().await().orElseThrow();
          assertSame(checked, ((Result.Err<Integer>) failed).error());
          Latch started = new Latch(1);
          JoinHandle<Integer> h = set.spawn(member(new ManualFuture<>(), started, new AtomicInteger()));
          started.done().await();
          h.abort();
          Result<Integer> aborted = set.joinNext().await().orElseThrow();
          assertInstanceOf(CancellationException.class, ((Result.Err<Integer>) aborted).error());
          assertEquals(Optional.empty(), set.joinNext().await());
        }
        return null;
      }));
    }
  }

  @ParameterizedTest
  @EnumSource
  void joinNextOfAnEmptySetIsEmptyAndSizeCountsTasksNotYetJoined(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(async(() -> {
        try (JoinSet<Integer> set = new JoinSet<>()) {
          assertEquals(0, set.size());
          assertEquals(Optional.empty(), set.joinNext().await());
          set.spawn(Futures.ready(1));
          set.spawn(Futures.ready(2));
          set.spawn(async(() -> Task.yieldNow().then(v -> Futures.ready(3)).await()));
          assertEquals(3, set.size());
          int sum = 0;
          for (int left = 2; left >= 0; left--) {
            sum += set.joinNext().await().orElseThrow().get();
            assertEquals(left, set.size());
          }
          assertEquals(6, sum);
          assertEquals(Optional.empty(), set.joinNext().await());
        }
        return null;
      }));
    }
  }

  @ParameterizedTest
  @EnumSource
  void abortAllKeepsTheTasksInTheSetUntilJoined(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      AtomicInteger finallies = new AtomicInteger();
      rt.blockOn(async(() -> {
        List<ManualFuture<Integer>> in = inputs(3);
        Latch started = new Latch(3);
        try (JoinSet<Integer> set = new JoinSet<>()) {
          for (ManualFuture<Integer> f : in) {
            set.spawn(member(f, started, finallies));
          }
          started.done().await();
          set.abortAll();
          assertEquals(3, set.size(), "aborted tasks stay until joined");
          for (int i = 0; i < 3; i++) {
            Result<Integer> r = set.joinNext().await().orElseThrow();
            assertInstanceOf(CancellationException.class, ((Result.Err<Integer>) r).error());
          }
          assertEquals(0, set.size());
          assertEquals(Optional.empty(), set.joinNext().await());
        }
        return null;
      }));
      assertEquals(3, finallies.get());
    }
  }

  @ParameterizedTest
  @EnumSource
  void closeAbortsTheTasksStillInTheSetAndTheirFinallyRuns(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      AtomicInteger finallies = new AtomicInteger();
      List<ManualFuture<Integer>> in = inputs(3);
      rt.blockOn(async(() -> {
        Latch started = new Latch(3);
        JoinSet<Integer> set = new JoinSet<>();
        List<JoinHandle<Integer>> hs = new ArrayList<>();
        for (ManualFuture<Integer> f : in) {
          hs.add(set.spawn(member(f, started, finallies)));
        }
        JoinHandle<Integer> joined = set.spawn(Futures.ready(7));
        assertEquals(7, set.joinNext().await().orElseThrow().get());
        started.done().await();
        set.close();
        for (JoinHandle<Integer> h : hs) {
          assertThrows(CancellationException.class, h::await);
        }
        assertTrue(joined.isFinished());
        assertThrows(IllegalStateException.class, () -> set.spawn(Futures.ready(1)));
        set.close(); // twice is fine
        return null;
      }));
      assertEquals(3, finallies.get(), "every aborted member ran its finally");
      for (ManualFuture<Integer> f : in) {
        assertEquals(1, f.cancelCount());
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void spawnAfterCloseThrowsAndTheTaskIsNotSpawned(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      long spawnedBefore = rt.metrics().spawnedTasks();
      rt.blockOn(async(() -> {
        JoinSet<Integer> set = new JoinSet<>();
        set.close();
        ManualFuture<Integer> f = new ManualFuture<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.spawn(f));
        assertTrue(e.getMessage().contains("close"), e.getMessage());
        assertEquals(0, f.pollCount());
        assertFalse(set.joinNext().await().isPresent());
        return null;
      }));
      assertEquals(spawnedBefore, rt.metrics().spawnedTasks());
    }
  }
}
