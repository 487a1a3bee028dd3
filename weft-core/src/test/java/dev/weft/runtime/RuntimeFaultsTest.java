package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.driveUntilDone;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static dev.weft.runtime.RuntimeTesting.liveThreads;
import static dev.weft.runtime.RuntimeTesting.quietRuntimeLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Result;
import dev.weft.internal.Failures;
import dev.weft.runtime.RuntimeTesting.Latch;
import dev.weft.runtime.RuntimeTesting.QuietLog;
import dev.weft.test.ManualFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults: a failure in one task never takes down its runtime, and a failure nobody sees is
 * counted in {@code unhandledFailures()} (RawTask rule 9).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeFaultsTest {

  /** Failures of every kind a poll can throw. */
  private static List<Throwable> failures() {
    return List.of(new IllegalStateException("unchecked"), new IOException("checked"),
        new AssertionError("an error"), new StackOverflowError("deep"), new Exception("plain"));
  }

  @ParameterizedTest
  @EnumSource
  void aTaskThatThrowsNeverTakesAWorkerDownAndItsFailureReachesItsHandle(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.builder(prefix).build()) {
      List<JoinHandle<Object>> failing = new ArrayList<>();
      List<Throwable> thrown = new ArrayList<>();
      for (int round = 0; round < 10; round++) {
        for (Throwable t : failures()) {
          thrown.add(t);
          failing.add(rt.spawn(round % 2 == 0 ? Futures.failed(t) : async(() -> {
            Task.yieldNow().await();
            throw Failures.sneakyThrow(t);
          })));
        }
      }
      for (int i = 0; i < failing.size(); i++) {
        JoinHandle<Object> h = failing.get(i);
        Throwable expected = thrown.get(i);
        Object got = rt.blockOn(async(() -> h.recover(e -> e).await()));
        assertSame(expected, got, "the failure that reaches the handle is the original");
      }
      // later tasks still run, on every worker
      List<JoinHandle<Integer>> later = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int v = i;
        later.add(rt.spawn(async(() -> Task.yieldNow().then(x -> Futures.ready(v)).await())));
      }
      int sum = 0;
      for (JoinHandle<Integer> h : later) {
        sum += rt.blockOn(h);
      }
      assertEquals(199 * 200 / 2, sum);
      if (flavour.multiThread) {
        assertEquals(flavour.workers,
            liveThreads(prefix).stream().filter(t -> t.contains("-worker-")).count(),
            "every worker is still alive");
      }
      assertEquals(0, rt.metrics().unhandledFailures(), "every failure was awaited");
    }
  }

  @ParameterizedTest
  @EnumSource
  void aFailureAfterTheHandleWasDetachedIsCountedOnce(RuntimeFlavour flavour) {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> input = new ManualFuture<>();
      JoinHandle<Integer> h = rt.spawn(input);
      h.cancel();
      h.cancel();
      input.fail(new IOException("nobody sees me"));
      driveUntilDone(rt, h.toCompletableFuture());
      eventually("the failure is counted", () -> rt.metrics().unhandledFailures() == 1);
      h.cancel();
      assertEquals(1, rt.metrics().unhandledFailures());
      assertEquals(5, rt.blockOn(rt.spawn(Futures.ready(5))), "the runtime is fine");
      assertEquals(1, rt.metrics().unhandledFailures());
    }
  }

  @ParameterizedTest
  @EnumSource
  void aFailureBeforeTheHandleWasDetachedIsCountedOnceAtTheDetach(RuntimeFlavour flavour) {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      JoinHandle<Integer> h = rt.spawn(Futures.failed(new IllegalStateException("nobody sees me")));
      driveUntilDone(rt, h.toCompletableFuture());
      assertTrue(h.isFinished());
      assertEquals(0, rt.metrics().unhandledFailures(), "the handle could still be awaited");
      h.cancel();
      assertEquals(1, rt.metrics().unhandledFailures());
      h.cancel();
      assertEquals(1, rt.metrics().unhandledFailures());
    }
  }

  @ParameterizedTest
  @EnumSource
  void anAwaitedFailureAndAnAbortAreNotCounted(RuntimeFlavour flavour) {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      JoinHandle<Integer> awaited = rt.spawn(Futures.failed(new IllegalStateException()));
      assertThrows(IllegalStateException.class, () -> rt.blockOn(awaited));
      awaited.cancel(); // detaching after the output was taken reports nothing
      JoinHandle<Integer> aborted = rt.spawn(new ManualFuture<>());
      aborted.abort();
      aborted.cancel();
      driveUntilDone(rt, aborted.toCompletableFuture());
      JoinHandle<Integer> abortedThenDetached = rt.spawn(new ManualFuture<>());
      abortedThenDetached.cancel();
      abortedThenDetached.abort();
      driveUntilDone(rt, abortedThenDetached.toCompletableFuture());
      assertEquals(7, rt.blockOn(rt.spawn(Futures.ready(7))));
      assertEquals(0, rt.metrics().unhandledFailures());
    }
  }

  @ParameterizedTest
  @EnumSource
  void aFutureWhoseCancelThrowsDuringAbortIsIsolated(RuntimeFlavour flavour) {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      Latch polled = new Latch(1);
      JoinHandle<Integer> h = rt.spawn(new Future<Integer>() {
        @Override
        public Poll<Integer> poll(Context cx) {
          polled.countDown();
          return Poll.pending();
        }

        @Override
        public void cancel() {
          throw new IllegalStateException("cleanup failed");
        }
      });
      rt.blockOn(polled.done());
      h.abort();
      assertThrows(CancellationException.class, () -> rt.blockOn(h));
      eventually("the cleanup failure is counted", () -> rt.metrics().unhandledFailures() == 1);
      // an async block whose finally throws while it is cancelled, likewise
      Latch started = new Latch(1);
      JoinHandle<Integer> block = rt.spawn(async(() -> {
        try {
          started.countDown();
          return new ManualFuture<Integer>().await();
        } finally {
          throw new IOException("finally failed");
        }
      }));
      rt.blockOn(started.done());
      block.abort();
      assertThrows(CancellationException.class, () -> rt.blockOn(block));
      eventually("the second cleanup failure is counted", () -> rt.metrics().unhandledFailures() == 2);
      assertEquals(3, rt.blockOn(rt.spawn(async(() -> Task.spawn(Futures.ready(3)).await()))),
          "the runtime is fine");
    }
  }

  /**
   * A JoinHandle awaited by foreign code whose waker throws: the runtime calls that waker when
   * the task completes, on its own thread, and must survive it (a waker that throws is isolated
   * as a failing task is), for a task and for a blocking task.
   */
  @ParameterizedTest
  @EnumSource
  void aWakerThatThrowsWhenTheTaskCompletesIsIsolatedAndCounted(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (QuietLog quiet = quietRuntimeLog();
        AsyncRuntime rt = flavour.builder(prefix).maxBlockingThreads(1).build()) {
      Context throwing = Context.of(() -> {
        throw new IllegalStateException("a foreign waker failed");
      });
      ManualFuture<Integer> input = new ManualFuture<>();
      JoinHandle<Integer> task = rt.spawn(input);
      assertFalse(task.poll(throwing).isReady());
      CountDownLatch release = new CountDownLatch(1);
      JoinHandle<Integer> blocking = rt.spawnBlocking(() -> {
        RuntimeTesting.awaitQuietly(release);
        return 2;
      });
      assertFalse(blocking.poll(throwing).isReady());
      ManualFuture<Integer> member = new ManualFuture<>();
      JoinSet<Integer> set = new JoinSet<>();
      set.spawnOn(rt, member);
      assertFalse(set.joinNext().poll(throwing).isReady());
      input.complete(1);
      release.countDown();
      member.complete(4);
      // The runtime goes on: the tasks' outputs arrived, later tasks and blocking tasks run.
      driveUntilDone(rt, task.toCompletableFuture());
      driveUntilDone(rt, blocking.toCompletableFuture());
      assertEquals(1, task.toCompletableFuture().join());
      assertEquals(2, blocking.toCompletableFuture().join());
      for (int i = 0; i < 20; i++) {
        assertEquals(i, rt.blockOn(rt.spawn(Futures.ready(i))));
      }
      assertEquals(3, rt.blockOn(rt.spawnBlocking(() -> 3)), "the one blocking thread still works");
      if (flavour.multiThread) {
        assertEquals(flavour.workers,
            liveThreads(prefix).stream().filter(t -> t.contains("-worker-")).count(),
            "every worker is still alive");
      }
      assertEquals(Optional.of(Result.ok(4)), rt.blockOn(set.joinNext()), "the JoinSet still works");
      eventually("the three waker failures are counted", () -> rt.metrics().unhandledFailures() == 3);
    }
  }

  @ParameterizedTest
  @EnumSource
  void aFailingFutureUnderBlockOnLeavesTheRuntimeUsable(RuntimeFlavour flavour) {
    try (QuietLog quiet = quietRuntimeLog(); AsyncRuntime rt = flavour.build()) {
      for (Throwable t : failures()) {
        Throwable caught = assertThrows(Throwable.class, () -> rt.blockOn(Futures.failed(t)));
        assertSame(t, caught instanceof CompletionException ? caught.getCause() : caught);
        assertEquals(1, rt.blockOn(rt.spawn(Futures.ready(1))));
      }
      assertEquals(0, rt.metrics().unhandledFailures(), "the blockOn future is not a task");
    }
  }
}
