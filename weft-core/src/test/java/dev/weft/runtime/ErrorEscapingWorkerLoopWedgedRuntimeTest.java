package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static dev.weft.runtime.RuntimeTesting.liveThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.internal.ThreadState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: an error thrown by the runtime's own machinery (not by a task) ended a worker and
 * left the runtime half-alive.
 *
 * <p>Under a full heap, an {@code OutOfMemoryError} once came out of a worker's loop ("thrown
 * from the UncaughtExceptionHandler") and wedged the runtime. Any code that runs in the loop
 * outside a task's poll could do it: reporting a failure nobody awaits calls the logger, which
 * allocates (and may be a user's handler that throws); the bookkeeping after a poll allocates.
 * A throw there left the task RUNNING for ever (its joiner waited for good), escaped the loop
 * and ended the worker thread, whose tasks then went unserved.
 *
 * <p>The fix: reporting never throws (the failure is counted before it is logged); a task whose
 * bookkeeping throws while its thread holds it fails with what was thrown, instead of staying
 * RUNNING; and a worker's loop survives whatever gets out of a turn, reports it and goes on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ErrorEscapingWorkerLoopWedgedRuntimeTest {

  /** A log handler that fails as a full heap would. */
  private static final class FullHeapHandler extends Handler {
    @Override
    public void publish(LogRecord record) {
      throw new OutOfMemoryError("simulated: the heap is full while logging");
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @ParameterizedTest
  @EnumSource
  void aLoggerThatThrowsWhileReportingTakesNoWorkerDown(RuntimeFlavour flavour) {
    Logger log = Logger.getLogger("dev.weft.runtime");
    boolean useParent = log.getUseParentHandlers();
    Handler handler = new FullHeapHandler();
    log.setUseParentHandlers(false);
    log.addHandler(handler);
    String prefix = flavour.newPrefix();
    try (AsyncRuntime rt = flavour.builder(prefix).build()) {
      for (int i = 0; i < 20; i++) {
        JoinHandle<Object> h = rt.spawn(async(() -> {
          Task.yieldNow().await();
          throw new IOException("nobody awaits me");
        }));
        h.cancel(); // detached: its failure is reported when it happens
      }
      eventually("every failure is counted", () -> {
        rt.blockOn(Task.yieldNow()); // a current-thread runtime runs its tasks inside blockOn
        return rt.metrics().unhandledFailures() == 20;
      });
      List<JoinHandle<Integer>> later = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int v = i;
        later.add(rt.spawn(async(() -> {
          Task.yieldNow().await();
          return v;
        })));
      }
      int sum = 0;
      for (JoinHandle<Integer> h : later) {
        sum += rt.blockOn(h);
      }
      assertEquals(99 * 100 / 2, sum);
      if (flavour.multiThread) {
        assertEquals(flavour.workers,
            liveThreads(prefix).stream().filter(t -> t.contains("-worker-")).count(),
            "every worker is still alive");
      }
    } finally {
      log.removeHandler(handler);
      log.setUseParentHandlers(useParent);
    }
  }

  /** A scheduler whose bookkeeping after a poll fails as an allocation under a full heap would. */
  private static final class FailingBookkeeping extends Scheduler {
    FailingBookkeeping(AsyncRuntime rt) {
      super(rt, new Shared(1));
    }

    @Override
    void schedule(RawTask<?> task) {}

    @Override
    void yieldTask(RawTask<?> task) {}

    @Override
    void coroutineHeld(RawTask<?> task) {
      throw new OutOfMemoryError("simulated: no room for the bookkeeping");
    }
  }

  @Test
  void aTaskWhoseBookkeepingThrowsFailsWithItInsteadOfStayingRunning() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      int[] cancels = {0};
      ThreadState ts = ThreadState.current();
      Future<Integer> mountsACoroutine = new Future<>() {
        @Override
        public Poll<Integer> poll(dev.weft.future.Context cx) {
          ts.mountedCoroutine = true; // what a poll that suspended an async block leaves
          return Poll.pending();
        }

        @Override
        public void cancel() {
          cancels[0]++;
        }
      };
      RawTask<Integer> task = new FailingBookkeeping(rt).newTask(mountsACoroutine);
      task.run(null, ts); // the scheduler fails to record the coroutine
      assertTrue(task.isFinished(), "the task is not left RUNNING");
      assertEquals(1, cancels[0], "its future was cancelled");
      OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> Futures.blockOn(task));
      assertTrue(e.getMessage().contains("bookkeeping"), e.getMessage());
    }
  }
}
