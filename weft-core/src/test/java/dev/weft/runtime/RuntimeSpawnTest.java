package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Spawning: {@code AsyncRuntime.spawn}, {@code Task.spawn}, {@code AsyncRuntime.current()}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeSpawnTest {

  @ParameterizedTest
  @EnumSource
  void spawnRunsATaskWithoutItBeingAwaited(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<String> fromOutside = new ManualFuture<>();
      rt.spawn(Futures.lazy(() -> {
        fromOutside.complete("ran");
        return null;
      }));
      assertEquals("ran", rt.blockOn(fromOutside), "a task spawned from outside ran");

      assertEquals("ran too", rt.blockOn(async(() -> {
        ManualFuture<String> fromTask = new ManualFuture<>();
        Task.spawn(Futures.lazy(() -> {
          fromTask.complete("ran too");
          return null;
        }));
        return fromTask.await(); // the handle is never awaited
      })));
    }
  }

  @ParameterizedTest
  @EnumSource
  void spawnAfterCloseThrowsIllegalStateException(RuntimeFlavour flavour) {
    AsyncRuntime rt = flavour.build();
    rt.close();
    ManualFuture<Integer> f = new ManualFuture<>();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.spawn(f));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> rt.spawnBlocking(() -> 1));
    assertEquals(0, f.pollCount());
  }

  @Test
  void taskSpawnOutsideAnyRuntimeThrowsPointingToRuntimeSpawn() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Task.spawn(Futures.ready(1)));
    assertTrue(e.getMessage().contains("runtime.spawn"), e.getMessage());
    IllegalStateException blocking = assertThrows(IllegalStateException.class,
        () -> Task.spawnBlocking(() -> 1));
    assertTrue(blocking.getMessage().contains("runtime"), blocking.getMessage());
    assertThrows(IllegalStateException.class, () -> new JoinSet<Integer>().spawn(Futures.ready(1)));
  }

  @ParameterizedTest
  @EnumSource
  void taskSpawnAndSpawnBlockingWorkInsideATask(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      JoinHandle<Integer> outer = rt.spawn(async(() -> {
        JoinHandle<Integer> child = Task.spawn(async(() -> 20));
        JoinHandle<Integer> blocking = Task.spawnBlocking(() -> 21);
        JoinHandle<Integer> grandchild = Task.spawn(async(() -> Task.spawn(Futures.ready(1)).await()));
        return child.await() + blocking.await() + grandchild.await();
      }));
      assertEquals(42, rt.blockOn(outer));
      // and from a blocking task
      JoinHandle<JoinHandle<Integer>> fromBlocking =
          rt.spawnBlocking(() -> Task.spawn(Futures.ready(7)));
      int seven = rt.blockOn(fromBlocking.<Integer>then(h -> h));
      assertEquals(7, seven);
    }
  }

  /**
   * Unlike tokio's, a task in the LIFO slot of a worker that is stuck in a long poll is not
   * stuck with it: another worker takes it (Worker, "The LIFO slot"). Here the spawning task
   * spins until the task it spawned (which went to its worker's LIFO slot) has run. Each rep
   * takes about 2 ms (the stall check's period); 500 reps caught, within the first 60, a worker
   * that left the driver while the others slept on their own threads, so nobody was left to
   * check.
   */
  @ParameterizedTest
  @EnumSource(names = "MULTI_THREAD_4")
  void aTaskInTheLifoSlotOfABusyWorkerIsRunByAnotherWorker(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      for (int rep = 0; rep < 500; rep++) {
        boolean ran = rt.blockOn(rt.spawn(Futures.lazy(() -> {
          AtomicBoolean child = new AtomicBoolean();
          Task.spawn(Futures.lazy(() -> {
            child.set(true);
            return null;
          }));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (!child.get()) {
            if (System.nanoTime() - deadline > 0) {
              return false;
            }
            Thread.onSpinWait();
          }
          return true;
        })));
        assertTrue(ran, "rep " + rep + ": the spawned task stayed stuck behind its busy spawner");
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void currentIsTheSameRuntimeInATaskInBlockOnAndInABlockingTaskAndEmptyOutside(RuntimeFlavour flavour) {
    assertEquals(Optional.empty(), AsyncRuntime.current());
    try (AsyncRuntime rt = flavour.build()) {
      assertEquals(Optional.empty(), AsyncRuntime.current(), "outside, while a runtime exists");
      AtomicReference<Optional<AsyncRuntime>> inBlockOn = new AtomicReference<>();
      AtomicReference<Optional<AsyncRuntime>> inTask = new AtomicReference<>();
      AtomicReference<Optional<AsyncRuntime>> inBlocking = new AtomicReference<>();
      AtomicReference<Optional<AsyncRuntime>> inNestedTask = new AtomicReference<>();
      rt.blockOn(async(() -> {
        inBlockOn.set(AsyncRuntime.current());
        Task.spawn(Futures.lazy(() -> {
          inTask.set(AsyncRuntime.current());
          return null;
        })).await();
        Task.spawnBlocking(() -> {
          inBlocking.set(AsyncRuntime.current());
          return null;
        }).await();
        Task.spawn(async(() -> Task.spawn(Futures.lazy(() -> {
          inNestedTask.set(AsyncRuntime.current());
          return null;
        })).await())).await();
        return null;
      }));
      assertSame(rt, inBlockOn.get().orElseThrow());
      assertSame(rt, inTask.get().orElseThrow());
      assertSame(rt, inBlocking.get().orElseThrow());
      assertSame(rt, inNestedTask.get().orElseThrow());
      assertEquals(Optional.empty(), AsyncRuntime.current(), "outside again after blockOn");
      // a task of one runtime sees that runtime, not another one running around it
      try (AsyncRuntime other = flavour.build()) {
        AtomicReference<Optional<AsyncRuntime>> inOther = new AtomicReference<>();
        rt.blockOn(async(() -> {
          other.spawnBlocking(() -> {
            inOther.set(AsyncRuntime.current());
            return null;
          }).await();
          return null;
        }));
        assertSame(other, inOther.get().orElseThrow());
      }
    }
    assertFalse(AsyncRuntime.current().isPresent());
  }
}
