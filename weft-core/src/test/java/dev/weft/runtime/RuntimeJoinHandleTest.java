package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.driveUntilDone;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.RuntimeTesting.Occupied;
import dev.weft.test.ManualFuture;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code JoinHandle}, as its Javadoc states it: awaiting, a second await, cancel as detach,
 * abort, and the {@code CompletableFuture} view.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeJoinHandleTest {

  /** A task parked on {@code input} that counts its finally blocks and says when it started. */
  private static Future<Integer> parked(ManualFuture<Void> started, ManualFuture<Integer> input,
      AtomicInteger finallies) {
    return async(() -> {
      try {
        started.complete(null);
        return input.await();
      } finally {
        finallies.incrementAndGet();
      }
    });
  }

  @ParameterizedTest
  @EnumSource
  void awaitingAHandleGivesTheTaskValue(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      assertEquals(3, rt.blockOn(async(() -> {
        ManualFuture<Integer> input = new ManualFuture<>();
        JoinHandle<Integer> h = Task.spawn(async(() -> input.await() + 1));
        input.complete(2);
        return h.await();
      })));
      assertEquals("outside", rt.blockOn(rt.spawn(Futures.ready("outside"))));
    }
  }

  @ParameterizedTest
  @EnumSource
  void awaitingAHandleGivesTheFailureRecoverSeesTheOriginalAndBlockOnWrapsIt(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      IOException checked = new IOException("checked");
      IllegalStateException unchecked = new IllegalStateException("unchecked");
      assertSame(checked, rt.blockOn(async(() ->
          Task.spawn(async(() -> { throw checked; })).recover(e -> e).await())));
      assertSame(checked, rt.blockOn(async(() -> {
        JoinHandle<Object> h = Task.spawn(Futures.failed(checked));
        return assertThrows(CompletionException.class, h::await).getCause();
      })), "await() wraps a checked failure");
      assertSame(checked, assertThrows(CompletionException.class,
          () -> rt.blockOn(rt.spawn(async(() -> { throw checked; })))).getCause());
      assertSame(unchecked, assertThrows(IllegalStateException.class,
          () -> rt.blockOn(rt.spawn(Futures.failed(unchecked)))), "unchecked comes as it is");
    }
  }

  @ParameterizedTest
  @EnumSource
  void awaitingAHandleASecondTimeThrowsIllegalStateException(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(async(() -> {
        JoinHandle<Integer> ok = Task.spawn(Futures.ready(1));
        assertEquals(1, ok.await());
        assertThrows(IllegalStateException.class, ok::await);
        JoinHandle<Integer> failed = Task.spawn(Futures.failed(new ArithmeticException()));
        assertThrows(ArithmeticException.class, failed::await);
        IllegalStateException again = assertThrows(IllegalStateException.class, failed::await);
        assertTrue(again.getMessage().contains("again"), again.getMessage());
        return null;
      }));
      JoinHandle<Integer> outside = rt.spawn(Futures.ready(2));
      assertEquals(2, rt.blockOn(outside));
      assertThrows(IllegalStateException.class, () -> rt.blockOn(outside));
    }
  }

  @ParameterizedTest
  @EnumSource
  void abortFromAnotherThreadCancelsTheTaskRunsItsFinallyAndAwaitGivesCancellation(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      AtomicInteger finallies = new AtomicInteger();
      ManualFuture<Integer> input = new ManualFuture<>();
      rt.blockOn(async(() -> {
        ManualFuture<Void> started = new ManualFuture<>();
        JoinHandle<Integer> h = Task.spawn(parked(started, input, finallies));
        started.await();
        ManualFuture<Void> aborted = new ManualFuture<>();
        Thread.ofPlatform().start(() -> {
          h.abort();
          aborted.complete(null);
        });
        aborted.await();
        assertThrows(CancellationException.class, h::await);
        assertTrue(h.isFinished());
        return null;
      }));
      assertEquals(1, finallies.get(), "the finally block ran once");
      assertEquals(1, input.cancelCount(), "the awaited future was cancelled");
    }
  }

  @ParameterizedTest
  @EnumSource
  void abortOfAFinishedTaskHasNoEffect(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      JoinHandle<String> h = rt.spawn(Futures.ready("done"));
      driveUntilDone(rt, h.toCompletableFuture());
      assertTrue(h.isFinished());
      h.abort();
      h.abort();
      assertEquals("done", rt.blockOn(h));
      assertFalse(h.toCompletableFuture().isCancelled());

      IOException io = new IOException();
      JoinHandle<String> failed = rt.spawn(Futures.failed(io));
      driveUntilDone(rt, failed.toCompletableFuture());
      failed.abort();
      assertSame(io, assertThrows(CompletionException.class, () -> rt.blockOn(failed)).getCause());
    }
  }

  @ParameterizedTest
  @EnumSource
  void abortBeforeTheFirstPollMeansTheBodyNeverRuns(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      AtomicBoolean ran = new AtomicBoolean();
      JoinHandle<Integer> h;
      try (Occupied busy = Occupied.allWorkers(rt, flavour)) {
        h = rt.spawn(async(() -> {
          ran.set(true);
          return 1;
        }));
        h.abort();
      }
      assertThrows(CancellationException.class, () -> rt.blockOn(h));
      assertFalse(ran.get(), "the body of a task aborted before its first poll ran");
      assertTrue(h.isFinished());
    }
  }

  @ParameterizedTest
  @EnumSource
  void cancelOnAHandleOnlyDetachesTheTaskRunsToCompletion(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> input = new ManualFuture<>();
      ManualFuture<Integer> sideEffect = new ManualFuture<>();
      AtomicInteger finallies = new AtomicInteger();
      JoinHandle<Integer> h = rt.spawn(async(() -> {
        try {
          int v = input.await();
          sideEffect.complete(v * 2);
          return v;
        } finally {
          finallies.incrementAndGet();
        }
      }));
      h.cancel();
      input.complete(21);
      assertEquals(42, rt.blockOn(sideEffect), "the detached task kept running");
      eventually("the detached task finished", h::isFinished);
      assertEquals(0, input.cancelCount(), "detaching cancelled nothing");
      assertEquals(1, finallies.get());
      assertEquals(21, h.toCompletableFuture().join());
    }
  }

  @ParameterizedTest
  @EnumSource
  void aHandleCancelledByItsOwnerDetachesTheChildWhichKeepsRunning(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> childInput = new ManualFuture<>();
      ManualFuture<Integer> childDone = new ManualFuture<>();
      ManualFuture<Void> parentStarted = new ManualFuture<>();
      // an aborted parent cancels the handle it awaits: that detaches the child
      JoinHandle<Integer> parent = rt.spawn(async(() -> {
        JoinHandle<Integer> child = Task.spawn(async(() -> {
          int v = childInput.await();
          childDone.complete(v);
          return v;
        }));
        parentStarted.complete(null);
        return child.await();
      }));
      rt.blockOn(parentStarted);
      parent.abort();
      assertThrows(CancellationException.class, () -> rt.blockOn(parent));
      childInput.complete(3);
      assertEquals(3, rt.blockOn(childDone), "the child of an aborted parent ran on");
      // a handle that loses a race is cancelled too: its task runs on
      ManualFuture<String> slowInput = new ManualFuture<>();
      ManualFuture<String> slowDone = new ManualFuture<>();
      JoinHandle<String> slow = rt.spawn(async(() -> {
        String v = slowInput.await();
        slowDone.complete(v);
        return v;
      }));
      assertEquals("fast", rt.blockOn(Futures.race(slow, Futures.ready("fast"))));
      slowInput.complete("slow");
      assertEquals("slow", rt.blockOn(slowDone));
      assertEquals(0, childInput.cancelCount() + slowInput.cancelCount(), "nothing was aborted");
    }
  }

  @ParameterizedTest
  @EnumSource
  void isFinishedTurnsTrueWhenTheTaskEnds(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> input = new ManualFuture<>();
      rt.blockOn(async(() -> {
        ManualFuture<Void> started = new ManualFuture<>();
        JoinHandle<Integer> h = Task.spawn(parked(started, input, new AtomicInteger()));
        started.await();
        assertFalse(h.isFinished(), "a parked task is not finished");
        input.complete(5);
        assertEquals(5, h.await());
        assertTrue(h.isFinished());
        return null;
      }));
    }
  }

  @ParameterizedTest
  @EnumSource
  void idIsUniqueAcrossTasksAndStable(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build(); AsyncRuntime other = flavour.build()) {
      Set<Long> ids = new HashSet<>();
      List<JoinHandle<Integer>> handles = new java.util.ArrayList<>();
      for (int i = 0; i < 500; i++) {
        handles.add(rt.spawn(Futures.ready(i)));
        handles.add(other.spawn(Futures.ready(i)));
        handles.add(rt.spawnBlocking(() -> 0));
      }
      for (JoinHandle<Integer> h : handles) {
        assertTrue(ids.add(h.id()), "duplicate id " + h.id());
        assertEquals(h.id(), h.id());
      }
      assertEquals(1500, ids.size());
    }
  }

  @ParameterizedTest
  @EnumSource
  void toCompletableFutureIsOneInstanceCompletedWithTheValue(RuntimeFlavour flavour) throws Exception {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> input = new ManualFuture<>();
      JoinHandle<Integer> h = rt.spawn(input);
      CompletableFuture<Integer> cf = h.toCompletableFuture();
      assertSame(cf, h.toCompletableFuture());
      assertFalse(cf.isDone());
      input.complete(9);
      driveUntilDone(rt, cf);
      assertEquals(9, cf.get());
      assertSame(cf, h.toCompletableFuture());
      // asked for only after the task finished
      JoinHandle<Integer> late = rt.spawn(Futures.ready(10));
      assertEquals(10, rt.blockOn(late));
      assertEquals(10, late.toCompletableFuture().get());
      assertSame(late.toCompletableFuture(), late.toCompletableFuture());
    }
  }

  @ParameterizedTest
  @EnumSource
  void toCompletableFutureCompletesExceptionallyWithTheOriginalFailure(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      IOException checked = new IOException("checked");
      JoinHandle<Integer> h = rt.spawn(async(() -> {
        Task.yieldNow().await();
        throw checked;
      }));
      CompletableFuture<Integer> cf = h.toCompletableFuture();
      driveUntilDone(rt, cf);
      assertTrue(cf.isCompletedExceptionally());
      assertFalse(cf.isCancelled());
      assertSame(checked, cf.handle((v, e) -> e).join(), "the original, not a CompletionException");

      ArithmeticException unchecked = new ArithmeticException();
      JoinHandle<Integer> u = rt.spawn(Futures.failed(unchecked));
      driveUntilDone(rt, u.toCompletableFuture());
      assertSame(unchecked, u.toCompletableFuture().handle((v, e) -> e).join());
    }
  }

  @ParameterizedTest
  @EnumSource
  void toCompletableFutureIsCancelledForAnAbortedTask(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> input = new ManualFuture<>();
      ManualFuture<Void> started = new ManualFuture<>();
      JoinHandle<Integer> h = rt.spawn(parked(started, input, new AtomicInteger()));
      CompletableFuture<Integer> cf = h.toCompletableFuture();
      rt.blockOn(started);
      h.abort();
      driveUntilDone(rt, cf);
      assertTrue(cf.isCancelled());
      // and one asked for after the abort finished
      JoinHandle<Integer> late = rt.spawn(parked(new ManualFuture<>(), new ManualFuture<>(),
          new AtomicInteger()));
      late.abort();
      assertThrows(CancellationException.class, () -> rt.blockOn(late));
      assertTrue(late.toCompletableFuture().isCancelled());
    }
  }

  @ParameterizedTest
  @EnumSource
  void cancellingTheCompletableFutureAbortsTheTask(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> input = new ManualFuture<>();
      ManualFuture<Void> started = new ManualFuture<>();
      AtomicInteger finallies = new AtomicInteger();
      JoinHandle<Integer> h = rt.spawn(parked(started, input, finallies));
      rt.blockOn(started);
      assertTrue(h.toCompletableFuture().cancel(false));
      assertThrows(CancellationException.class, () -> rt.blockOn(h));
      assertEquals(1, finallies.get(), "the task's finally ran");
      assertEquals(1, input.cancelCount());
    }
  }

  @ParameterizedTest
  @EnumSource
  void fromCompletionStageOfAHandleRoundTrips(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      assertEquals(8, rt.blockOn(async(() -> {
        JoinHandle<Integer> h = Task.spawn(async(() -> Task.yieldNow().then(v -> Futures.ready(8)).await()));
        return Futures.fromCompletionStage(h.toCompletableFuture()).await();
      })));
      IOException checked = new IOException();
      Throwable seen = rt.blockOn(async(() -> {
        JoinHandle<Integer> h = Task.spawn(Futures.failed(checked));
        return Futures.fromCompletionStage(h.toCompletableFuture())
            .map(v -> (Throwable) null).recover(e -> e).await();
      }));
      assertSame(checked, seen, "the original failure crosses the round trip");

      // an aborted task shows as cancellation, and cancelling the stage future aborts the task
      ManualFuture<Integer> input = new ManualFuture<>();
      ManualFuture<Void> started = new ManualFuture<>();
      AtomicInteger finallies = new AtomicInteger();
      JoinHandle<Integer> h = rt.spawn(parked(started, input, finallies));
      rt.blockOn(started);
      Future<Integer> back = Futures.fromCompletionStage(h.toCompletableFuture());
      assertEquals("lost", rt.blockOn(Futures.race(back.map(v -> "won"), Futures.ready("lost"))));
      assertThrows(CancellationException.class, () -> rt.blockOn(h));
      assertEquals(1, finallies.get());
      JoinHandle<Integer> aborted = rt.spawn(parked(new ManualFuture<>(), new ManualFuture<>(),
          new AtomicInteger()));
      aborted.abort();
      Throwable cancelled = rt.blockOn(async(() ->
          Futures.fromCompletionStage(aborted.toCompletableFuture()).map(v -> (Throwable) null)
              .recover(e -> e).await()));
      assertInstanceOf(CancellationException.class, cancelled);
    }
  }
}
