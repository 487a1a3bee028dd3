package dev.weft.future;

import static dev.weft.future.Async.async;
import static dev.weft.future.Async.asyncRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Rules of dev.weft.future's Javadoc that no other test checked (audit). */
class ContractRulesFutureTest {

  private static void assertPolledAfterCompletionThrows(String what, Future<?> f) {
    MockTask<?> t = MockTask.of(f);
    try {
      t.poll();
    } catch (AssertionError e) {
      throw e; // a test double's complaint, not the future's failure
    } catch (RuntimeException | Error failedIsCompletedToo) {
      // "Completed means returned ready or threw."
    }
    assertInstanceOf(IllegalStateException.class, t.assertFails(), what);
  }

  /**
   * The rule: "Every future this library returns throws IllegalStateException when polled
   * after it completed, except the fused ones" (join of three, tryJoin, joinAll, asyncRun,
   * fromCompletionStage, Select's future).
   */
  @Test
  void moreFuturesThrowWhenPolledAfterTheyCompletedWithAValue() {
    assertPolledAfterCompletionThrows("join3",
        Futures.join(Futures.ready(1), Futures.ready(2), Futures.ready(3)));
    assertPolledAfterCompletionThrows("tryJoin2",
        Futures.tryJoin(Futures.ready(1), Futures.ready(2)));
    assertPolledAfterCompletionThrows("tryJoin3",
        Futures.tryJoin(Futures.ready(1), Futures.ready(2), Futures.ready(3)));
    assertPolledAfterCompletionThrows("joinAll", Futures.joinAll(List.of(Futures.ready(1))));
    assertPolledAfterCompletionThrows("joinAll of none",
        Futures.joinAll(List.<Future<Integer>>of()));
    assertPolledAfterCompletionThrows("race varargs of two",
        Futures.race(Futures.ready(1), Futures.ready(2)));
    assertPolledAfterCompletionThrows("asyncRun", asyncRun(() -> { }));
    assertPolledAfterCompletionThrows("fromCompletionStage",
        Futures.fromCompletionStage(CompletableFuture.completedFuture(1)));
    assertPolledAfterCompletionThrows("select",
        Select.<Integer>create().on(Futures.ready(1).fuse(), v -> v).future());
    assertPolledAfterCompletionThrows("select otherwise",
        Select.<Integer>create().on(new ManualFuture<Integer>().fuse(), v -> v).otherwise(() -> 0)
            .future());
    assertPolledAfterCompletionThrows("select complete",
        Select.<Integer>create().complete(() -> 0).future());
  }

  /**
   * The rule: "Completed means returned ready or threw" — futures that failed throw
   * IllegalStateException when polled again (not the failure a second time).
   */
  @Test
  void futuresThatFailedThrowIllegalStateWhenPolledAgain() {
    IOException io = new IOException("x");
    List<Future<?>> failing = List.of(
        Futures.failed(io).map(x -> x), Futures.failed(io).then(Futures::ready),
        Futures.failed(io).inspect(x -> { }), Futures.failed(io).mapError(t -> t),
        Futures.ready(1).map(x -> {
          throw new IllegalArgumentException();
        }),
        Futures.join(Futures.failed(io), Futures.ready(1)),
        Futures.tryJoin(Futures.failed(io), new ManualFuture<Integer>()),
        Futures.tryJoinAll(List.of(Futures.failed(io))),
        Futures.race(Futures.failed(io), new ManualFuture<Integer>()),
        Futures.selectOk(List.of(Futures.failed(io))),
        async(() -> {
          throw io;
        }),
        Futures.fromCompletionStage(CompletableFuture.failedFuture(io)),
        Select.<Integer>create().on(Futures.<Integer>failed(io).fuse(), v -> v).future(),
        Select.<Integer>create().future());
    for (Future<?> f : failing) {
      MockTask<?> t = MockTask.of(f);
      Throwable first = t.assertFails();
      // Each fails first with its own failure: io, map's IllegalArgumentException, or the
      // IllegalStateException of a Select with no branch.
      assertTrue(first == io || first instanceof IllegalArgumentException
          || first instanceof IllegalStateException && first.getMessage().contains("select"),
          f.getClass().getSimpleName() + " failed first with " + first);
      assertInstanceOf(IllegalStateException.class, t.assertFails(), f.getClass().getSimpleName());
    }
  }

  /** Null arguments are rejected at the call (race, selectOk, tryJoin, join). */
  @Test
  void nullArgumentsOfTheCombinatorFactoriesAreRejectedAtTheCall() {
    Future<Integer> f = Futures.ready(1);
    assertThrows(NullPointerException.class, () -> Futures.race((List<Future<Integer>>) null));
    assertThrows(NullPointerException.class, () -> Futures.race((Future<Integer>[]) null));
    assertThrows(NullPointerException.class, () -> Futures.race(f, null));
    assertThrows(NullPointerException.class, () -> Futures.race(Arrays.asList(f, null)));
    assertThrows(NullPointerException.class, () -> Futures.selectOk(null));
    assertThrows(NullPointerException.class, () -> Futures.selectOk(Arrays.asList(f, null)));
    assertThrows(NullPointerException.class, () -> Futures.tryJoin(f, null));
    assertThrows(NullPointerException.class, () -> Futures.tryJoin(null, f));
    assertThrows(NullPointerException.class, () -> Futures.tryJoin(f, f, null));
    assertThrows(NullPointerException.class, () -> Futures.join(f, f, null));
    assertThrows(NullPointerException.class, () -> Futures.join(null, f));
    assertThrows(NullPointerException.class, () -> Futures.tryJoinAll(null));
    assertThrows(NullPointerException.class, () -> Futures.joinAll(Arrays.asList(f, null)));
    assertThrows(NullPointerException.class, () -> Futures.tryJoinAll(Arrays.asList(f, null)));
  }

  /** Null arguments are rejected at the call (Select's builder methods). */
  @Test
  void nullArgumentsOfSelectAreRejectedAtTheCall() {
    Select<Integer> s = Select.create();
    assertThrows(NullPointerException.class, () -> s.on(null, v -> 1));
    assertThrows(NullPointerException.class, () -> s.on(Futures.ready(1).fuse(), null));
    assertThrows(NullPointerException.class, () -> s.complete(null));
    assertThrows(NullPointerException.class, () -> s.otherwise(null));
  }

  /**
   * Select: "When every branch is terminated: complete runs if given, else otherwise if given",
   * and with no branch at all: complete if given, else otherwise.
   */
  @Test
  void completeIsPreferredOverOtherwiseWhenEveryBranchIsTerminatedOrThereIsNone() {
    assertEquals("complete", Futures.blockOn(Select.<String>create()
        .otherwise(() -> "otherwise").complete(() -> "complete").future()));
    FusedFuture<Integer> done = Futures.ready(1).fuse();
    Futures.blockOn(done);
    assertEquals("complete", Futures.blockOn(Select.<String>create()
        .on(done, v -> "branch")
        .complete(() -> "complete")
        .otherwise(() -> "otherwise")
        .future()));
  }

  /**
   * Select: "The branch futures are not cancelled — they belong to the caller" (not when the
   * select is cancelled, not when otherwise runs, not when another branch wins or fails).
   */
  @Test
  void selectNeverCancelsItsBranches() {
    ManualFuture<Integer> a = new ManualFuture<>("a");
    ManualFuture<Integer> b = new ManualFuture<>("b");
    Future<String> sel =
        Select.<String>create().on(a.fuse(), v -> "a").on(b.fuse(), v -> "b").future();
    MockTask.of(sel).assertPending();
    sel.cancel();
    assertFalse(a.isCancelled(), "cancelling the select cancelled a branch");
    assertFalse(b.isCancelled());

    assertEquals("nothing", MockTask.of(Select.<String>create()
        .on(a.fuse(), v -> "a").otherwise(() -> "nothing").future()).assertReady());
    assertFalse(a.isCancelled(), "otherwise cancelled a branch");

    IOException io = new IOException();
    Future<String> failing = Select.<String>create()
        .on(a.fuse(), v -> "a").on(Futures.<Integer>failed(io).fuse(), v -> "x").biased().future();
    assertSame(io, MockTask.of(failing).assertFails());
    assertFalse(a.isCancelled(), "a failing branch cancelled its sibling");
    assertEquals(0, a.cancelCount() + b.cancelCount());
  }

  /**
   * The rule: "An async block fails with what its body threw, except that a
   * CompletionException made by await() around a checked exception is unwrapped" — a
   * CompletionException the body made itself is what the block fails with.
   */
  @Test
  void aCompletionExceptionTheBodyMadeItselfIsNotUnwrapped() {
    CompletionException own = new CompletionException(new IOException("mine"));
    assertSame(own, MockTask.of(async(() -> {
      throw own;
    })).assertFails());
  }

  /**
   * The original checked failure crosses "any nesting", so recover and mapError
   * (which see the original) get it through three awaiting blocks.
   */
  @Test
  void recoverAndMapErrorSeeTheOriginalCheckedFailureAcrossNestedBlocks() {
    IOException io = new IOException("deep");
    Supplier<Future<Integer>> nested = () -> {
      Future<Integer> inner = async(() -> {
        throw io;
      });
      Future<Integer> middle = async(() -> inner.await() + 1);
      return async(() -> middle.map(x -> x).await() + 1);
    };
    AtomicReference<Throwable> seen = new AtomicReference<>();
    assertEquals(-1, Futures.blockOn(nested.get().recover(t -> {
      seen.set(t);
      return -1;
    })));
    assertSame(io, seen.get());
    IllegalStateException mapped = new IllegalStateException();
    assertSame(mapped, MockTask.of(nested.get().mapError(t -> {
      assertSame(io, t);
      return mapped;
    })).assertFails());
  }

  /**
   * "Where user code receives a failure as a thrown exception — await(), ..., Result.get() —
   * unchecked exceptions and errors come as they are".
   */
  @Test
  void errorsComeAsTheyAreFromAwaitAndResultGet() {
    InternalError error = new InternalError("error");
    AtomicReference<Throwable> caught = new AtomicReference<>();
    Futures.blockOn(asyncRun(() -> {
      try {
        Futures.failed(error).await();
      } catch (Throwable t) {
        caught.set(t);
      }
    }));
    assertSame(error, caught.get());
    assertSame(error, assertThrows(InternalError.class, () -> Result.err(error).get()));
  }

  /**
   * The rule: "its cancel() cancels stage.toCompletableFuture(), so a stage not backed by
   * a CompletableFuture is not cancelled".
   */
  @Test
  void cancelOfAStageNotBackedByACompletableFutureLeavesTheSourceAlone() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletionStage<String> minimal = source.minimalCompletionStage();
    Future<String> f = Futures.fromCompletionStage(minimal);
    MockTask.of(f).assertPending();
    f.cancel();
    f.cancel();
    assertFalse(source.isDone(), "the stage behind a minimal stage was cancelled");
    assertTrue(source.complete("still usable"));
  }

  /** A cancelled stage makes the future fail with CancellationException. */
  @Test
  void aStageCancelledWhileTheFutureWaitsFailsItWithCancellation() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    MockTask<String> t = MockTask.of(Futures.fromCompletionStage(cf.thenApply(s -> s)));
    t.assertPending();
    cf.cancel(false);
    assertTrue(t.isWoken());
    assertInstanceOf(java.util.concurrent.CancellationException.class, t.assertFails());
  }

  /**
   * Select: "R await(); // future().await()" — so, like every await(), outside an async block it
   * throws IllegalStateException.
   */
  @Test
  void selectAwaitOutsideAnAsyncBlockThrows() {
    assertThrows(IllegalStateException.class,
        () -> Select.<Integer>create().on(Futures.ready(1).fuse(), v -> v).await());
    assertEquals(1, Futures.blockOn(async(
        () -> Select.<Integer>create().on(Futures.ready(1).fuse(), v -> v).await())));
  }

  /**
   * "Future.cancel() ... when it returns, an async block's finally blocks have run and what the
   * future held is released" — a block parked in Mutex.lock() leaves the queue, and one holding a
   * guard in try-with-resources gives the lock back.
   */
  @Test
  void cancellingABlockReleasesTheLockItWaitedForOrHeld() {
    dev.weft.sync.Mutex<Integer> m = new dev.weft.sync.Mutex<>(0);
    dev.weft.sync.Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
    Future<Integer> waiting = async(() -> {
      try (var g = m.lock().await()) {
        return g.get();
      }
    });
    MockTask.of(waiting).assertPending();
    waiting.cancel();
    held.close();
    ManualFuture<Integer> never = new ManualFuture<>();
    Future<Integer> holding = async(() -> {
      try (var g = m.lock().await()) {
        return never.await();
      }
    });
    MockTask.of(holding).assertPending();
    assertTrue(m.tryLock().isEmpty(), "the block should hold the lock now");
    holding.cancel();
    assertTrue(m.tryLock().isPresent(), "cancel returned with the lock still held");
  }
}
