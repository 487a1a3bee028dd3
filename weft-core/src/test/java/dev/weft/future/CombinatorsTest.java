package dev.weft.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Future's default combinators and Futures' simple factories. */
class CombinatorsTest {

  @Test
  void pollReadyAndPending() {
    Poll<Integer> r = Poll.ready(3);
    assertTrue(r.isReady());
    assertEquals(3, r.value());
    Poll<Integer> p = Poll.pending();
    assertFalse(p.isReady());
    assertSame(Poll.pending(), p, "one shared pending instance");
    assertThrows(IllegalStateException.class, p::value);
    assertInstanceOf(Poll.Pending.class, p);
    assertTrue(Poll.ready(null).isReady());
  }

  @Test
  void resultGetThrowsAsAwaitDoes() {
    assertEquals(1, Result.ok(1).get());
    assertTrue(Result.ok(1).isOk());
    IllegalStateException unchecked = new IllegalStateException();
    assertSame(unchecked, assertThrows(IllegalStateException.class, () -> Result.err(unchecked).get()));
    IOException checked = new IOException();
    assertSame(checked, assertThrows(CompletionException.class, () -> Result.err(checked).get()).getCause());
    assertFalse(Result.err(checked).isOk());
    assertThrows(NullPointerException.class, () -> Result.err(null));
  }

  @Test
  void contextHoldsItsWaker() {
    Waker w = () -> { };
    assertSame(w, Context.of(w).waker());
    assertThrows(NullPointerException.class, () -> Context.of(null));
    Waker.noop().wake();
  }

  @Test
  void readyFailedPendingLazyPollFn() {
    assertEquals(5, MockTask.of(Futures.ready(5)).assertReady());
    IOException io = new IOException();
    assertSame(io, MockTask.of(Futures.failed(io)).assertFails());
    MockTask<Object> pending = MockTask.of(Futures.pending());
    pending.assertPending();
    pending.assertPending();
    assertFalse(pending.isWoken());

    AtomicInteger calls = new AtomicInteger();
    Future<Integer> lazy = Futures.lazy(calls::incrementAndGet);
    assertEquals(0, calls.get(), "lazy runs nothing before the first poll");
    assertEquals(1, MockTask.of(lazy).assertReady());

    AtomicInteger polls = new AtomicInteger();
    MockTask<String> fn = MockTask.of(Futures.pollFn(cx -> {
      if (polls.incrementAndGet() < 3) {
        cx.waker().wake();
        return Poll.pending();
      }
      return Poll.ready("done");
    }));
    assertEquals("done", fn.runToCompletion(10));
    assertEquals(3, polls.get());
  }

  @Test
  void everyCompletedFutureThrowsWhenPolledAgain() {
    List<Future<?>> futures = List.of(
        Futures.ready(1), Futures.lazy(() -> 1), Futures.pollFn(cx -> Poll.ready(1)),
        Futures.ready(1).map(x -> x), Futures.ready(1).then(Futures::ready),
        Futures.ready(1).inspect(x -> { }), Futures.ready(1).recover(t -> 0),
        Futures.ready(1).mapError(t -> t), Futures.ready(1).result(),
        Futures.join(Futures.ready(1), Futures.ready(2)),
        Futures.tryJoinAll(List.of(Futures.ready(1))), Futures.race(Futures.ready(1)),
        Futures.selectOk(List.of(Futures.ready(1))));
    for (Future<?> f : futures) {
      MockTask<?> t = MockTask.of(f);
      t.poll();
      assertInstanceOf(IllegalStateException.class, t.assertFails(), f.getClass().getSimpleName());
    }
    IOException io = new IOException();
    MockTask<Object> failed = MockTask.of(Futures.failed(io));
    assertSame(io, failed.assertFails());
    assertInstanceOf(IllegalStateException.class, failed.assertFails());
  }

  @Test
  void nullArgumentsAreRejectedAtTheCall() {
    Future<Integer> f = Futures.ready(1);
    assertThrows(NullPointerException.class, () -> f.map(null));
    assertThrows(NullPointerException.class, () -> f.then(null));
    assertThrows(NullPointerException.class, () -> f.inspect(null));
    assertThrows(NullPointerException.class, () -> f.recover(null));
    assertThrows(NullPointerException.class, () -> f.mapError(null));
    assertThrows(NullPointerException.class, () -> Futures.failed(null));
    assertThrows(NullPointerException.class, () -> Futures.lazy(null));
    assertThrows(NullPointerException.class, () -> Futures.pollFn(null));
    assertThrows(NullPointerException.class, () -> Futures.blockOn(null));
    assertThrows(NullPointerException.class, () -> Futures.join(f, null));
    assertThrows(NullPointerException.class, () -> Futures.joinAll(null));
    assertThrows(NullPointerException.class, () -> Futures.fromCompletionStage(null));
  }

  @Test
  void mapIsLazyAndAppliesTheFunctionOnce() {
    ManualFuture<Integer> in = new ManualFuture<>();
    AtomicInteger calls = new AtomicInteger();
    Future<Integer> mapped = in.map(x -> {
      calls.incrementAndGet();
      return x * 2;
    });
    assertEquals(0, in.pollCount(), "map polls nothing before it is polled");
    MockTask<Integer> t = MockTask.of(mapped);
    t.assertPending();
    in.complete(21);
    assertTrue(t.isWoken());
    assertEquals(42, t.assertReady());
    assertEquals(1, calls.get());
  }

  @Test
  void aThrowingFunctionFailsTheFuture() {
    IllegalStateException boom = new IllegalStateException();
    assertSame(boom, MockTask.of(Futures.ready(1).map(x -> {
      throw boom;
    })).assertFails());
  }

  @Test
  void thenRunsTheSecondFutureAfterTheFirst() {
    ManualFuture<Integer> first = new ManualFuture<>("first");
    ManualFuture<String> second = new ManualFuture<>("second");
    AtomicInteger seen = new AtomicInteger();
    MockTask<String> t = MockTask.of(first.then(v -> {
      seen.set(v);
      return second;
    }));
    t.assertPending();
    first.complete(7);
    t.assertPending();
    assertEquals(7, seen.get());
    second.complete("x");
    assertTrue(t.isWoken());
    assertEquals("x", t.assertReady());
  }

  @Test
  void thenCancelsWhicheverFutureIsActive() {
    ManualFuture<Integer> first = new ManualFuture<>("first");
    Future<String> chained = first.then(v -> Futures.ready("x"));
    MockTask.of(chained).assertPending();
    chained.cancel();
    assertTrue(first.isCancelled());

    ManualFuture<Integer> a = new ManualFuture<>("a");
    ManualFuture<String> b = new ManualFuture<>("b");
    Future<String> c2 = a.then(v -> b);
    MockTask<String> t = MockTask.of(c2);
    t.assertPending();
    a.complete(1);
    t.assertPending();
    c2.cancel();
    assertTrue(b.isCancelled());
    assertFalse(a.isCancelled(), "a completed; only the active future is cancelled");
  }

  @Test
  void inspectSeesTheValueOnTheWay() {
    List<Integer> seen = new ArrayList<>();
    assertEquals(4, MockTask.of(Futures.ready(4).inspect(seen::add)).assertReady());
    assertEquals(List.of(4), seen);
  }

  @Test
  void recoverSeesTheOriginalAndLeavesValuesAlone() {
    IOException io = new IOException("x");
    AtomicBoolean sawOriginal = new AtomicBoolean();
    assertEquals(-1, MockTask.of(Futures.<Integer>failed(io).recover(t -> {
      sawOriginal.set(t == io);
      return -1;
    })).assertReady());
    assertTrue(sawOriginal.get());
    assertEquals(3, MockTask.of(Futures.ready(3).recover(t -> -1)).assertReady());
  }

  @Test
  void mapErrorReplacesTheFailure() {
    IOException io = new IOException("x");
    IllegalStateException mapped = new IllegalStateException("mapped");
    assertSame(mapped, MockTask.of(Futures.failed(io).mapError(t -> {
      assertSame(io, t);
      return mapped;
    })).assertFails());
    assertInstanceOf(NullPointerException.class,
        MockTask.of(Futures.failed(io).mapError(t -> null)).assertFails());
    assertEquals(1, MockTask.of(Futures.ready(1).mapError(t -> mapped)).assertReady());
  }

  @Test
  void resultNeverFails() {
    IOException io = new IOException();
    Result<Object> err = MockTask.of(Futures.failed(io).result()).assertReady();
    assertSame(io, ((Result.Err<Object>) err).error());
    assertEquals(Result.ok(2), MockTask.of(Futures.ready(2).result()).assertReady());
  }

  @Test
  void aFusedFutureStaysPendingAfterCompletion() {
    ManualFuture<Integer> in = new ManualFuture<>();
    FusedFuture<Integer> f = in.fuse();
    MockTask<Integer> t = MockTask.of(f);
    assertFalse(f.isTerminated());
    t.assertPending();
    in.complete(1);
    assertEquals(1, t.assertReady());
    assertTrue(f.isTerminated());
    t.assertPending();
    t.assertPending();
    assertEquals(2, in.pollCount(), "the inner future is not polled after completion");
  }

  @Test
  void aFusedFutureIsTerminatedAfterAFailureToo() {
    FusedFuture<Object> f = Futures.failed(new IOException()).fuse();
    MockTask<Object> t = MockTask.of(f);
    assertInstanceOf(IOException.class, t.assertFails());
    assertTrue(f.isTerminated());
    t.assertPending();
  }

  @Test
  void cancellingAFusedFutureCancelsTheInnerOnceAndTerminates() {
    ManualFuture<Integer> in = new ManualFuture<>();
    FusedFuture<Integer> f = in.fuse();
    f.cancel();
    f.cancel();
    assertEquals(1, in.cancelCount());
    assertTrue(f.isTerminated());
    assertSame(f, f.fuse());
  }

  @Test
  void combinatorsCancelTheirInnerFuture() {
    for (var make : List.<java.util.function.Function<Future<Integer>, Future<?>>>of(
        f -> f.map(x -> x), f -> f.inspect(x -> { }), f -> f.recover(t -> 0),
        f -> f.mapError(t -> t), Future::result)) {
      ManualFuture<Integer> in = new ManualFuture<>();
      Future<?> outer = make.apply(in);
      MockTask.of(outer).assertPending();
      outer.cancel();
      outer.cancel();
      assertEquals(1, in.cancelCount());
    }
  }

  @Test
  void readyValueMayBeNull() {
    assertNull(MockTask.of(Futures.ready(null)).assertReady());
  }
}
