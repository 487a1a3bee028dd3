package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static dev.weft.runtime.RuntimeTesting.quietRuntimeLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.future.Futures;
import dev.weft.runtime.RuntimeTesting.QuietLog;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: the failure of a fire-and-forget task vanished.
 *
 * <p>{@code rt.spawn(f)} whose handle the caller simply ignores is how Java users fire and
 * forget. When such a task failed, nothing was logged and {@code unhandledFailures()} stayed 0:
 * a failure was reported only when nobody held the handle's interest at completion, and that
 * happened only after an explicit {@code handle.cancel()}. An ignored handle still "wanted" the
 * output, so the failure was kept for a reader that would never come, and was lost with the
 * handle.
 *
 * <p>The fix: a task that fails while its handle still wants the output is watched by the
 * library's cleaner; if the handle is collected without its output having been read, the
 * failure is logged and counted ("never retrieved", as Python's asyncio says). Reading the
 * output, a {@code CompletableFuture} view or detaching the handle (which reports at once) means
 * it was observed: never reported twice, never reported when somebody read it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FireAndForgetFailureVanishedTest {

  /** Spawns a task that fails after a suspension, and drops its handle. */
  private static void fireAndForgetAFailure(AsyncRuntime rt) {
    rt.spawn(async(() -> {
      Task.yieldNow().await();
      throw new IOException("nobody reads me");
    }));
  }

  /** Collects garbage until the cleaner has had a chance to run for dropped handles. */
  private static void collectUntil(String what, java.util.function.BooleanSupplier done) {
    eventually(what, () -> {
      System.gc();
      return done.getAsBoolean();
    });
  }

  @ParameterizedTest
  @EnumSource
  void aFailedTaskWhoseHandleWasIgnoredIsReportedOnce(RuntimeFlavour flavour) throws Exception {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      fireAndForgetAFailure(rt);
      rt.blockOn(async(() -> {
        for (int i = 0; i < 10; i++) {
          Task.yieldNow().await(); // let the task fail
        }
        return null;
      }));
      collectUntil("the ignored failure is counted", () -> rt.metrics().unhandledFailures() == 1);
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(20);
      }
      assertEquals(1, rt.metrics().unhandledFailures(), "reported exactly once");
    }
  }

  @ParameterizedTest
  @EnumSource
  void aBlockingTaskWhoseHandleWasIgnoredIsReportedToo(RuntimeFlavour flavour) {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      rt.spawnBlocking(() -> {
        throw new IllegalStateException("a blocking task nobody awaits");
      });
      collectUntil("the ignored failure is counted", () -> rt.metrics().unhandledFailures() == 1);
    }
  }

  @ParameterizedTest
  @EnumSource
  void aFailureThatWasReadOrHandedOnIsNeverReported(RuntimeFlavour flavour) throws Exception {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      for (int i = 0; i < 20; i++) {
        JoinHandle<Object> awaited = rt.spawn(Futures.failed(new IOException("awaited")));
        assertThrows(CompletionException.class, () -> rt.blockOn(awaited));
        JoinHandle<Object> viewed = rt.spawn(Futures.failed(new IOException("viewed")));
        RuntimeTesting.driveUntilDone(rt, viewed.toCompletableFuture());
        JoinHandle<Object> handled = rt.spawn(Futures.failed(new IOException("handled")));
        RuntimeTesting.driveUntilDone(rt, handled.toCompletableFuture().handle((v, e) -> v));
      }
      JoinHandle<Object> detachedEarly = rt.spawn(async(() -> {
        Task.yieldNow().await();
        throw new IOException("detached before it failed");
      }));
      detachedEarly.cancel(); // reported once, at the failure
      rt.blockOn(async(() -> {
        for (int i = 0; i < 10; i++) {
          Task.yieldNow().await();
        }
        return null;
      }));
      eventually("the detached failure is counted", () -> rt.metrics().unhandledFailures() == 1);
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(20);
      }
      assertEquals(1, rt.metrics().unhandledFailures(),
          "awaited, viewed and detached failures are not reported again when collected");
    }
  }

  /**
   * The race the first version lost under load: the view made while the task was failing. The
   * completer saw no view and set up the cleaner's watch; the view's maker saw the task not yet
   * complete and marked nothing; the failure went to the view, and the watch reported it again
   * once the handle was collected.
   */
  @ParameterizedTest
  @EnumSource
  void aViewMadeWhileTheTaskFailsLeavesNoWatchBehind(RuntimeFlavour flavour) throws Exception {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      for (int i = 0; i < 3_000; i++) {
        JoinHandle<Object> h = rt.spawn(Futures.failed(new IOException("viewed at once")));
        RuntimeTesting.driveUntilDone(rt, h.toCompletableFuture());
      }
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(20);
      }
      assertEquals(0, rt.metrics().unhandledFailures(),
          "a failure handed to its view is not reported");
    }
  }
}
