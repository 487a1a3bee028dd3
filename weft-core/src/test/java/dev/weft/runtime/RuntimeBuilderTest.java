package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.assertNoThreadLeft;
import static dev.weft.runtime.RuntimeTesting.liveThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Building runtimes, and bad input: arguments are checked at the call, before anything runs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeBuilderTest {

  @Test
  void workersBelowOneIsRejectedAtTheCall() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AsyncRuntime.builder().workers(0));
    assertTrue(e.getMessage().contains("workers"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AsyncRuntime.builder().multiThread().workers(-3));
  }

  @Test
  void aPausedClockWithTheMultiThreadRuntimeIsRejectedAtBuild() {
    AsyncRuntime.Builder b = AsyncRuntime.builder().multiThread().workers(1).startPaused(true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("current-thread"), e.getMessage());
    AsyncRuntime.Builder other = AsyncRuntime.builder().startPaused(true).multiThread();
    assertThrows(IllegalArgumentException.class, other::build);
  }

  @Test
  void aPausedClockWithTheCurrentThreadRuntimeBuilds() {
    try (AsyncRuntime rt = AsyncRuntime.builder().startPaused(true).build()) {
      assertEquals(1, rt.metrics().workers());
      assertEquals(1, rt.blockOn(rt.spawn(Futures.ready(1))));
    }
  }

  @Test
  void theBuilderWithoutAFlavourBuildsACurrentThreadRuntime() {
    String caller = Thread.currentThread().getName();
    try (AsyncRuntime rt = AsyncRuntime.builder().build()) {
      assertEquals(1, rt.metrics().workers());
      assertEquals(caller, rt.blockOn(rt.spawn(Futures.lazy(() -> Thread.currentThread().getName()))),
          "its tasks run on the blockOn thread");
    }
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      assertEquals(caller, rt.blockOn(rt.spawn(Futures.lazy(() -> Thread.currentThread().getName()))));
    }
  }

  @Test
  void multiThreadHasOneWorkerPerProcessorByDefault() {
    try (AsyncRuntime rt = AsyncRuntime.multiThread()) {
      assertEquals(Runtime.getRuntime().availableProcessors(), rt.metrics().workers());
    }
    try (AsyncRuntime rt = AsyncRuntime.builder().workers(3).multiThread().build()) {
      assertEquals(3, rt.metrics().workers(), "workers(n) given before the flavour counts too");
    }
  }

  @ParameterizedTest
  @EnumSource
  void threadNameSetsThePrefixOfTheRuntimesThreads(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (AsyncRuntime rt = flavour.builder(prefix).build()) {
      String blocking = rt.blockOn(rt.spawnBlocking(() -> Thread.currentThread().getName()));
      assertTrue(blocking.startsWith(prefix + "-"), blocking);
      List<String> threads = liveThreads(prefix);
      assertEquals(flavour.multiThread ? flavour.workers : 0,
          threads.stream().filter(t -> t.contains("-worker-")).count(), threads.toString());
    }
    assertNoThreadLeft(prefix);
    assertThrows(NullPointerException.class, () -> AsyncRuntime.builder().threadName(null));
  }

  @ParameterizedTest
  @EnumSource
  void nullFuturesAndCallablesAreRejectedAtTheCall(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      assertThrows(NullPointerException.class, () -> rt.spawn(null));
      assertThrows(NullPointerException.class, () -> rt.blockOn(null));
      assertThrows(NullPointerException.class, () -> rt.spawnBlocking(null));
      rt.blockOn(async(() -> {
        assertThrows(NullPointerException.class, () -> Task.spawn(null));
        assertThrows(NullPointerException.class, () -> Task.spawnBlocking(null));
        try (JoinSet<Integer> set = new JoinSet<>()) {
          assertThrows(NullPointerException.class, () -> set.spawn(null));
          assertEquals(0, set.size());
        }
        return null;
      }));
      assertEquals(0, rt.metrics().spawnedTasks(), "nothing was spawned");
    }
    // outside a runtime the null is still what is reported
    assertThrows(NullPointerException.class, () -> Task.spawn(null));
  }
}
