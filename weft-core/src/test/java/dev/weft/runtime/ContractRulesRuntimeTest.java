package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.driveUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Result;
import dev.weft.future.Waker;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rules of dev.weft.runtime's Javadoc that no other test checked (audit). */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContractRulesRuntimeTest {

  /**
   * The rule: "builder() without a flavour builds a current-thread runtime; workers(n)
   * applies to the multi-thread runtime" — given to a current-thread builder it changes nothing.
   */
  @Test
  void workersDoesNotApplyToTheCurrentThreadRuntime() {
    String caller = Thread.currentThread().getName();
    try (AsyncRuntime rt = AsyncRuntime.builder().workers(3).build()) {
      assertEquals(1, rt.metrics().workers());
      assertEquals(caller,
          rt.blockOn(rt.spawn(Futures.lazy(() -> Thread.currentThread().getName()))),
          "a builder without a flavour built a multi-thread runtime");
    }
    try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().workers(3).build()) {
      assertEquals(1, rt.metrics().workers());
    }
    try (AsyncRuntime rt =
        AsyncRuntime.builder().multiThread().workers(2).currentThread().build()) {
      assertEquals(1, rt.metrics().workers(), "the last flavour chosen counts");
    }
  }

  /** Null arguments are rejected at the call (close(Duration)). */
  @Test
  void closeWithANullLimitIsRejectedAtTheCall() {
    AsyncRuntime rt = AsyncRuntime.currentThread();
    try {
      assertThrows(NullPointerException.class, () -> rt.close(null));
      assertEquals(7, rt.blockOn(Futures.ready(7)), "the rejected close closed nothing");
    } finally {
      rt.close();
    }
  }

  /**
   * The rule: "blockOn from a thread of the same runtime ... throw[s]
   * IllegalStateException" — a blocking-pool thread is one; waiting on a spawned task's
   * CompletableFuture is the way there, and another runtime's blockOn still works.
   */
  @ParameterizedTest
  @EnumSource
  void blockOnFromABlockingThreadOfTheSameRuntimeThrows(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build(); AsyncRuntime other = AsyncRuntime.currentThread()) {
      IllegalStateException e = rt.blockOn(rt.spawnBlocking(
          () -> assertThrows(IllegalStateException.class, () -> rt.blockOn(Futures.ready(1)))));
      assertTrue(e.getMessage().contains("toCompletableFuture"), e.getMessage());
      int viaHandle = rt.blockOn(rt.spawnBlocking(
          () -> rt.spawn(Futures.ready(2)).toCompletableFuture().join()));
      assertEquals(2, viaHandle);
      int onOther = rt.blockOn(rt.spawnBlocking(() -> other.blockOn(Futures.ready(3))));
      assertEquals(3, onOther);
      assertEquals(4, rt.blockOn(Futures.ready(4)), "blockOn from outside still works");
      assertEquals(5, rt.blockOn(Futures.ready(5)), "and again");
    }
  }

  /**
   * The rule: "awaiting a handle a second time throws IllegalStateException" —
   * also for an aborted task (CancellationException first) and a blocking task.
   */
  @ParameterizedTest
  @EnumSource
  void aHandleOfAnAbortedOrBlockingTaskThrowsIllegalStateWhenAwaitedAgain(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      JoinHandle<Integer> aborted = rt.spawn(new ManualFuture<>());
      aborted.abort();
      assertThrows(CancellationException.class, () -> rt.blockOn(aborted));
      assertThrows(IllegalStateException.class, () -> rt.blockOn(aborted));

      JoinHandle<Integer> blocking = rt.spawnBlocking(() -> 5);
      assertEquals(5, rt.blockOn(blocking));
      assertThrows(IllegalStateException.class, () -> rt.blockOn(blocking));
    }
  }

  /**
   * The rule: every future the library returns "throws IllegalStateException when polled
   * after it completed" — JoinSet.joinNext (empty and with a result) and Task.yieldNow.
   */
  @ParameterizedTest
  @EnumSource
  void joinNextAndYieldNowThrowWhenPolledAfterTheyCompleted(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(async(() -> {
        try (JoinSet<Integer> set = new JoinSet<>()) {
          Future<Optional<Result<Integer>>> empty = set.joinNext();
          assertEquals(Optional.empty(), empty.await());
          assertThrows(IllegalStateException.class, () -> empty.poll(Context.of(Waker.noop())));
          set.spawn(Futures.ready(1));
          Future<Optional<Result<Integer>>> one = set.joinNext();
          assertEquals(1, one.await().orElseThrow().get());
          assertThrows(IllegalStateException.class, () -> one.poll(Context.of(Waker.noop())));
        }
        Future<Void> y = Task.yieldNow();
        y.await();
        assertThrows(IllegalStateException.class, () -> y.poll(Context.of(Waker.noop())));
        return null;
      }));
    }
    MockTask<Void> outside = MockTask.of(Task.yieldNow());
    outside.assertPending();
    outside.assertReady();
    assertInstanceOf(IllegalStateException.class, outside.assertFails());
  }

  /**
   * JoinSet: "joinNext(): ... an aborted task gives Err(CancellationException); empty when the set
   * is empty" — after close() the set is empty (close aborts the tasks still in it).
   */
  @ParameterizedTest
  @EnumSource
  void joinNextOfAnAbortedTaskThenOfTheEmptySet(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(async(() -> {
        try (JoinSet<Integer> set = new JoinSet<>()) {
          JoinHandle<Integer> h = set.spawn(new ManualFuture<>());
          h.abort();
          Result<Integer> r = set.joinNext().await().orElseThrow();
          assertInstanceOf(CancellationException.class, ((Result.Err<Integer>) r).error());
          assertEquals(0, set.size());
          assertEquals(Optional.empty(), set.joinNext().await());
        }
        return null;
      }));
    }
  }

  /**
   * The rule: "unhandledFailures() counts tasks that failed while nobody held their
   * JoinHandle (detached or cancelled handles)" — a checked failure is counted like any other,
   * and a successful detached task is not.
   */
  @ParameterizedTest
  @EnumSource
  void unhandledFailuresCountsOnlyFailuresOfDetachedTasks(RuntimeFlavour flavour) {
    try (RuntimeTesting.QuietLog quiet = RuntimeTesting.quietRuntimeLog();
        AsyncRuntime rt = flavour.build()) {
      JoinHandle<Integer> fine = rt.spawn(Futures.ready(1));
      fine.cancel();
      driveUntilDone(rt, fine.toCompletableFuture());
      ManualFuture<Integer> in = new ManualFuture<>();
      JoinHandle<Integer> failing = rt.spawn(in);
      failing.cancel();
      in.fail(new java.io.IOException("checked, unseen"));
      driveUntilDone(rt, failing.toCompletableFuture());
      RuntimeTesting.eventually("the failure is counted",
          () -> rt.metrics().unhandledFailures() == 1);
      assertEquals(1, rt.metrics().unhandledFailures());
    }
  }

  /**
   * The rule: "toCompletableFuture() returns one CompletableFuture per handle, ...
   * cancelled for an aborted task; cancelling it aborts the task" — the task's finally runs.
   */
  @ParameterizedTest
  @EnumSource
  void cancellingTheCompletableFutureAbortsTheTaskAndItsFinallyRuns(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      RuntimeTesting.Latch started = new RuntimeTesting.Latch(1);
      RuntimeTesting.Latch cleaned = new RuntimeTesting.Latch(1);
      ManualFuture<Integer> never = new ManualFuture<>();
      JoinHandle<Integer> h = rt.spawn(async(() -> {
        try {
          started.countDown();
          return never.await();
        } finally {
          cleaned.countDown();
        }
      }));
      rt.blockOn(started.done());
      var cf = h.toCompletableFuture();
      assertTrue(cf.cancel(false));
      assertTrue(cf.isCancelled());
      rt.blockOn(cleaned.done());
      assertThrows(CancellationException.class, () -> rt.blockOn(h));
      assertTrue(never.isCancelled());
      assertTrue(h.toCompletableFuture() == cf, "one CompletableFuture per handle");
    }
  }
}
