package dev.weft.test;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.time.Time;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.AssertionFailedError;

/**
 * What makes a {@code @WeftTest} fail besides its own assertions, and what does not: each case
 * is a fixture class run through the Jupiter engine, whose outcome is asserted here.
 */
class WeftTestFailuresTest {

  // ---- the body's own failure ----

  static class ThrowsACheckedException {
    static final IOException IO = new IOException("the body's own");

    @WeftTest
    void body() throws IOException {
      Task.yieldNow().await();
      throw IO;
    }
  }

  @Test
  void aCheckedExceptionOfTheBodyFailsTheTestUnwrapped() {
    assertSame(ThrowsACheckedException.IO, Jupiter.theFailureOf(ThrowsACheckedException.class));
  }

  static class MakesAnAssumption {
    @WeftTest
    void body() {
      Assumptions.assumeTrue(false, "not here");
    }
  }

  @Test
  void aFailedAssumptionAbortsTheTestAsOutsideARuntime() {
    assertEquals(List.of(TestExecutionResult.Status.ABORTED),
        Jupiter.statuses(Jupiter.run(MakesAnAssumption.class)));
  }

  // ---- tasks left running ----

  static class LeavesASleepingTask {
    static final AtomicBoolean CLEANED_UP = new AtomicBoolean();

    @WeftTest
    void body() {
      Task.spawn(async(() -> {
        try {
          Time.sleep(Duration.ofHours(1)).await();
        } finally {
          CLEANED_UP.set(true);
        }
        return null;
      }));
      Task.yieldNow().await(); // it started, and sleeps
    }
  }

  @Test
  void aTaskStillSleepingWhenTheBodyReturnsFailsTheTestAndIsCancelled() {
    Throwable e = Jupiter.theFailureOf(LeavesASleepingTask.class);
    assertInstanceOf(AssertionFailedError.class, e);
    assertTrue(e.getMessage().startsWith("1 task(s) of the 1 the test spawned still ran"),
        e.getMessage());
    assertTrue(e.getMessage().contains("tasksMustFinish = false"), e.getMessage());
    assertTrue(LeavesASleepingTask.CLEANED_UP.get(), "closing the runtime cancelled the task");
  }

  static class MayLeaveASleepingTask {
    static final AtomicBoolean CLEANED_UP = new AtomicBoolean();

    @WeftTest(tasksMustFinish = false)
    void body() {
      Task.spawn(async(() -> {
        try {
          Time.sleep(Duration.ofHours(1)).await();
        } finally {
          CLEANED_UP.set(true);
        }
        return null;
      }));
      Task.yieldNow().await();
    }
  }

  @Test
  void withTasksMustFinishFalseALeftoverTaskIsCancelledQuietly() {
    Jupiter.assertPasses(MayLeaveASleepingTask.class, 1);
    assertTrue(MayLeaveASleepingTask.CLEANED_UP.get(), "closing the runtime cancelled the task");
  }

  static class AbortsItsTaskAndReturns {
    static final AtomicBoolean CLEANED_UP = new AtomicBoolean();

    @WeftTest
    void body() {
      JoinHandle<Void> sleeper = Task.spawn(async(() -> {
        try {
          Time.sleep(Duration.ofHours(1)).await();
        } finally {
          CLEANED_UP.set(true);
        }
        return null;
      }));
      Task.yieldNow().await();
      sleeper.abort(); // asynchronous: the task unwinds at its next turn, after the body
    }
  }

  @Test
  void anAbortedTaskGetsItsTurnToUnwindBeforeTheCheck() {
    Jupiter.assertPasses(AbortsItsTaskAndReturns.class, 1);
    assertTrue(AbortsItsTaskAndReturns.CLEANED_UP.get());
  }

  static class SpawnsAndReturnsAtOnce {
    static final AtomicBoolean RAN = new AtomicBoolean();

    @WeftTest
    void body() {
      Task.spawn(async(() -> {
        Task.yieldNow().await();
        RAN.set(true);
        return null;
      }));
    }
  }

  @Test
  void aTaskThatCanFinishWithoutTheClockMovingFinishesAfterTheBody() {
    Jupiter.assertPasses(SpawnsAndReturnsAtOnce.class, 1);
    assertTrue(SpawnsAndReturnsAtOnce.RAN.get());
  }

  static class LeavesATaskThatCouldFinishOnlyIfTheClockMoved {
    static final AtomicBoolean WOKE = new AtomicBoolean();

    @WeftTest
    void body() {
      Task.spawn(async(() -> {
        Time.sleep(Duration.ofMillis(1)).await();
        WOKE.set(true);
        return null;
      }));
    }
  }

  @Test
  void theTurnsAfterTheBodyDoNotMoveThePausedClock() {
    Throwable e = Jupiter.theFailureOf(LeavesATaskThatCouldFinishOnlyIfTheClockMoved.class);
    assertTrue(e.getMessage().contains("still ran"), e.getMessage());
    assertEquals(false, LeavesATaskThatCouldFinishOnlyIfTheClockMoved.WOKE.get());
  }

  // ---- failures nobody received ----

  static class DetachesAFailingTask {
    static final IllegalStateException FAILURE = new IllegalStateException("nobody reads this");

    @WeftTest
    void body() {
      Task.spawn(Futures.failed(FAILURE)).cancel();
    }
  }

  @Test
  void aDetachedTasksFailureFailsTheTest() {
    try (CapturedRuntimeLog log = new CapturedRuntimeLog()) {
      Throwable e = Jupiter.theFailureOf(DetachesAFailingTask.class);
      assertInstanceOf(AssertionFailedError.class, e);
      assertTrue(e.getMessage().startsWith("1 failure(s) nobody could receive"), e.getMessage());
      assertEquals(List.of(DetachesAFailingTask.FAILURE), log.failures(), "the runtime logged it");
    }
  }

  static class FailsAndDetachesAFailingTask {
    @WeftTest
    void body() {
      Task.spawn(Futures.failed(new IllegalStateException("nobody reads this"))).cancel();
      Task.yieldNow().await(); // the task runs and fails
      throw new AssertionError("the body's own");
    }
  }

  @Test
  void whenTheBodyFailsTooItsFailureComesFirstWithTheUnhandledOneSuppressed() {
    try (CapturedRuntimeLog log = new CapturedRuntimeLog()) {
      Throwable e = Jupiter.theFailureOf(FailsAndDetachesAFailingTask.class);
      assertEquals("the body's own", e.getMessage());
      assertEquals(1, e.getSuppressed().length);
      assertTrue(e.getSuppressed()[0].getMessage().contains("nobody could receive"));
      assertEquals(1, log.failures().size(), () -> "logged: " + log.failures());
    }
  }

  // ---- the runtime parameter ----

  static class AsksForTheRuntimeInBeforeEach {
    @BeforeEach
    void setUp(AsyncRuntime rt) {}

    @WeftTest
    void body() {}
  }

  @Test
  void theRuntimeIsForTheTestMethodOnly() {
    Throwable e = Jupiter.theFailureOf(AsksForTheRuntimeInBeforeEach.class);
    assertInstanceOf(ParameterResolutionException.class, e);
    assertTrue(e.getMessage().contains("lives for the test method only"), e.getMessage());
  }
}
