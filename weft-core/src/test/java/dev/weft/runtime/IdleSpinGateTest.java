package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.future.Poll;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which of a runtime's selectors may spin before blocking (SelectorLoop, IdleSpin): the
 * current-thread runtime's always; on a multi-thread runtime with one shared selector, only
 * while every worker sleeps (the worker about to block on it is then the last one awake); with a
 * selector per worker, none.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleSpinGateTest {
  @Test
  void theCurrentThreadRuntimesSelectorMaySpin() {
    try (AsyncRuntime rt =
        AsyncRuntime.builder().currentThread().slowPollDetection(false).build()) {
      assertEquals(1, rt.ioDrivers().size());
      assertTrue(rt.ioDrivers().get(0).loop.spinAllowedNow());
    }
  }

  @Test
  void noSelectorOfAWorkerMaySpinWhenEachWorkerHasItsOwn() {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2)
        .selectors(Selectors.PER_WORKER).slowPollDetection(false).build()) {
      rt.blockOn(rt.spawn(Futures.ready(1))); // the workers have run, and sleep again
      assertEquals(2, rt.ioDrivers().size());
      for (IoDriver io : rt.ioDrivers()) {
        assertFalse(io.loop.spinAllowedNow());
      }
    }
  }

  @Test
  void theSharedSelectorMaySpinOnlyWhileEveryWorkerSleeps() throws Exception {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2)
        .selectors(Selectors.SHARED).slowPollDetection(false).build()) {
      IoDriver shared = rt.ioDrivers().get(0);
      boolean duringATask = rt.blockOn(rt.spawn(
          Futures.pollFn(cx -> Poll.ready(shared.loop.spinAllowedNow()))));
      assertFalse(duringATask, "a worker runs a task: a spinner would take a core from it");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!shared.loop.spinAllowedNow()) {
        assertTrue(System.nanoTime() < deadline, "the workers never all slept");
        Thread.sleep(1);
      }
    }
  }
}
