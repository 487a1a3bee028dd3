package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.assertNoThreadLeft;
import static dev.weft.runtime.RuntimeTesting.await;
import static dev.weft.runtime.RuntimeTesting.awaitQuietly;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static dev.weft.runtime.RuntimeTesting.liveThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Task.spawnBlocking} and the blocking pool: close waits for running blocking tasks and
 * never interrupts them; aborting one that has not started cancels it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeBlockingTest {

  @ParameterizedTest
  @EnumSource
  void spawnBlockingRunsOnAThreadThatIsNotAWorkerAndGivesItsValue(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (AsyncRuntime rt = flavour.builder(prefix).build()) {
      String caller = Thread.currentThread().getName();
      String ranOn = rt.blockOn(async(() -> Task.spawnBlocking(() -> Thread.currentThread().getName()).await()));
      assertNotEquals(caller, ranOn);
      assertTrue(ranOn.startsWith(prefix + "-blocking-"), ranOn);
      assertFalse(ranOn.contains("-worker-"), ranOn);
      assertEquals(6, rt.blockOn(rt.spawnBlocking(() -> 6)), "spawned from outside too");
      IOException checked = new IOException();
      assertSame(checked, assertThrows(CompletionException.class,
          () -> rt.blockOn(rt.spawnBlocking(() -> { throw checked; }))).getCause());
      assertSame(checked, rt.blockOn(async(() ->
          Task.spawnBlocking(() -> { throw checked; }).recover(e -> e).await())));
    }
  }

  @ParameterizedTest
  @EnumSource
  void manyConcurrentBlockingTasksGrowThePool(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      int n = 4;
      CountDownLatch allRunning = new CountDownLatch(n);
      AtomicInteger maxThreadsSeen = new AtomicInteger();
      rt.blockOn(async(() -> {
        List<JoinHandle<Integer>> hs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int v = i;
          hs.add(Task.spawnBlocking(() -> {
            allRunning.countDown();
            // returns only once all n run at the same time: only a pool of n threads can do it
            await(allRunning, "all blocking tasks to run at once");
            maxThreadsSeen.accumulateAndGet(rt.metrics().blockingThreads(), Math::max);
            return v;
          }));
        }
        int sum = 0;
        for (JoinHandle<Integer> h : hs) {
          sum += h.await();
        }
        assertEquals(6, sum);
        return null;
      }));
      assertTrue(maxThreadsSeen.get() >= n, "blockingThreads was " + maxThreadsSeen.get());
      assertTrue(rt.metrics().blockingThreads() > 1);
    }
  }

  @ParameterizedTest
  @EnumSource
  void idleBlockingThreadsGoAwayAfterTheKeepAlive(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (AsyncRuntime rt = flavour.builder(prefix).blockingKeepAlive(Duration.ofMillis(50)).build()) {
      CountDownLatch both = new CountDownLatch(2);
      rt.blockOn(async(() -> {
        JoinHandle<Integer> a = Task.spawnBlocking(() -> {
          both.countDown();
          awaitQuietly(both);
          return 1;
        });
        JoinHandle<Integer> b = Task.spawnBlocking(() -> {
          both.countDown();
          awaitQuietly(both);
          return 2;
        });
        return a.await() + b.await();
      }));
      eventually("idle blocking threads exited", () -> rt.metrics().blockingThreads() == 0);
      eventually("no blocking thread is alive",
          () -> liveThreads(prefix).stream().noneMatch(t -> t.contains("-blocking-")));
      // and the pool grows again when needed
      assertEquals(3, rt.blockOn(rt.spawnBlocking(() -> 3)));
    }
    assertNoThreadLeft(prefix);
  }

  @ParameterizedTest
  @EnumSource
  void abortOfABlockingTaskThatHasNotStartedCancelsIt(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.builder().maxBlockingThreads(1).build()) {
      CountDownLatch firstRunning = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean secondRan = new AtomicBoolean();
      JoinHandle<String> first = rt.spawnBlocking(() -> {
        firstRunning.countDown();
        awaitQuietly(release);
        return "first";
      });
      await(firstRunning, "the first blocking task");
      JoinHandle<String> second = rt.spawnBlocking(() -> {
        secondRan.set(true);
        return "second";
      });
      second.abort();
      release.countDown();
      assertThrows(CancellationException.class, () -> rt.blockOn(second));
      assertFalse(secondRan.get(), "an aborted blocking task that had not started never runs");
      assertEquals("first", rt.blockOn(first));
    }
  }

  @ParameterizedTest
  @EnumSource
  void abortOfABlockingTaskThatHasStartedHasNoEffect(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      JoinHandle<String> h = rt.spawnBlocking(() -> {
        running.countDown();
        awaitQuietly(release);
        interrupted.set(Thread.currentThread().isInterrupted());
        return "finished anyway";
      });
      await(running, "the blocking task");
      h.abort();
      release.countDown();
      assertEquals("finished anyway", rt.blockOn(h));
      assertFalse(interrupted.get(), "abort does not interrupt a blocking task");
      assertFalse(h.toCompletableFuture().isCancelled());
    }
  }

  @ParameterizedTest
  @EnumSource
  void spawnBlockingOfNullThrowsNullPointerException(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      assertThrows(NullPointerException.class, () -> rt.spawnBlocking(null));
      assertThrows(NullPointerException.class,
          () -> rt.blockOn(Futures.lazy(() -> Task.spawnBlocking(null))));
    }
  }
}
