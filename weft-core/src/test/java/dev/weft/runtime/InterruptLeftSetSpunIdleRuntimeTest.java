package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.time.Time;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: an interrupt flag left set by a task made an idle runtime spin at 100 % CPU.
 *
 * <p>A task that catches {@code InterruptedException} and restores its thread's interrupt flag
 * (the standard idiom) leaves the flag set on the thread that ran it: a worker, or the thread
 * inside a current-thread runtime's {@code blockOn}. {@code LockSupport.park} returns at once
 * while the flag is set, so the park step ({@code Parker}, {@code ThreadDriver}) never slept
 * again: a full core busy for a runtime with nothing to do, on both flavours. Likewise a blocking
 * task that left the flag set made the next task on that pool thread start interrupted (its
 * {@code Thread.sleep} threw) and ended the thread's keep-alive wait early.
 *
 * <p>The fix: the park step clears the flag before it parks; a worker clears it after each poll
 * and the blocking pool after each task, as {@code ThreadPoolExecutor} does; the thread inside a
 * current-thread {@code blockOn} gets its flag back when {@code blockOn} returns.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterruptLeftSetSpunIdleRuntimeTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU time used by the live threads whose names start with {@code prefix}. */
  private static long cpuNanos(String prefix) {
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        total += Math.max(0, THREADS.getThreadCpuTime(t.threadId()));
      }
    }
    return total;
  }

  private static void interruptTheRunningThread() {
    Thread.currentThread().interrupt(); // what `catch (InterruptedException e) { interrupt(); }` leaves
  }

  @Test
  void aMultiThreadRuntimeLeftIdleAfterATaskSetTheFlagSleeps() throws Exception {
    String prefix = RuntimeFlavour.MULTI_THREAD_4.newPrefix();
    try (AsyncRuntime rt = RuntimeFlavour.MULTI_THREAD_4.builder(prefix).build()) {
      for (int i = 0; i < 16; i++) { // reach every worker
        rt.blockOn(rt.spawn(async(() -> {
          interruptTheRunningThread();
          return null;
        })));
      }
      Thread.sleep(100); // let every worker go idle
      long before = cpuNanos(prefix);
      Thread.sleep(500);
      long used = cpuNanos(prefix) - before;
      assertTrue(used < TimeUnit.MILLISECONDS.toNanos(150),
          "an idle runtime used " + used / 1_000_000 + " ms of CPU in 500 ms");
    }
  }

  @Test
  void aCurrentThreadRuntimeWaitingOnATimerSleepsAndGivesTheFlagBack() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      long threadId = Thread.currentThread().threadId();
      long before = THREADS.getThreadCpuTime(threadId);
      rt.blockOn(async(() -> {
        interruptTheRunningThread();
        Time.sleep(Duration.ofMillis(500)).await();
        return null;
      }));
      long used = THREADS.getThreadCpuTime(threadId) - before;
      assertTrue(Thread.interrupted(), "blockOn gives the thread its interrupt flag back");
      assertTrue(used < TimeUnit.MILLISECONDS.toNanos(250),
          "blockOn used " + used / 1_000_000 + " ms of CPU waiting 500 ms for a timer");
    }
  }

  @ParameterizedTest
  @EnumSource
  void aTaskDoesNotStartInterruptedBecauseTheTaskBeforeItSetTheFlag(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.builder().workers(1).build()) {
      boolean sawFlag = rt.blockOn(async(() -> {
        Task.spawn(async(() -> {
          interruptTheRunningThread();
          return null;
        })).await();
        return Task.spawn(async(() -> Thread.currentThread().isInterrupted())).await();
      }));
      assertEquals(false, sawFlag);
    }
    Thread.interrupted(); // a current-thread blockOn gives the flag back to this thread
  }

  @Test
  void aBlockingTaskThatLeftTheFlagSetHarmsNeitherTheNextTaskNorTheThread() throws Exception {
    try (AsyncRuntime rt = AsyncRuntime.builder().maxBlockingThreads(1)
        .blockingKeepAlive(Duration.ofSeconds(30)).build()) {
      rt.blockOn(rt.spawnBlocking(() -> {
        interruptTheRunningThread();
        return null;
      }));
      int slept = rt.blockOn(rt.spawnBlocking(() -> {
        Thread.sleep(10); // threw InterruptedException when the thread kept the flag
        return 1;
      }));
      assertEquals(1, slept);
      rt.blockOn(rt.spawnBlocking(() -> {
        interruptTheRunningThread();
        return null;
      }));
      Thread.sleep(200);
      assertEquals(1, rt.metrics().blockingThreads(),
          "the pool thread keeps waiting out its keep-alive");
      eventually("still one thread", () -> rt.metrics().blockingThreads() == 1);
    }
  }
}
