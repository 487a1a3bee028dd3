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
import dev.weft.test.YieldingFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncBlockTest {

  @Test
  void nothingRunsBeforeTheFirstPoll() {
    AtomicBoolean ran = new AtomicBoolean();
    Future<Integer> f = async(() -> {
      ran.set(true);
      return 1;
    });
    assertFalse(ran.get(), "the body ran at creation");
    assertEquals(1, MockTask.of(f).assertReady());
    assertTrue(ran.get());
  }

  @Test
  void awaitOfAReadyFutureDoesNotSuspend() {
    MockTask<Integer> task = MockTask.of(async(() -> Futures.ready(20).await() + Futures.ready(22).await()));
    assertEquals(42, task.assertReady());
    assertEquals(1, task.pollCount());
  }

  @Test
  void suspendsAtAPendingAwaitAndResumesWhenPolledAgain() {
    ManualFuture<String> input = new ManualFuture<>();
    List<String> trace = new ArrayList<>();
    MockTask<String> task = MockTask.of(async(() -> {
      trace.add("before");
      String v = input.await();
      trace.add("after " + v);
      return v + "!";
    }));
    task.assertPending();
    assertEquals(List.of("before"), trace);
    assertFalse(task.isWoken());
    input.complete("x");
    assertTrue(task.isWoken(), "completing the awaited future must wake the block's task");
    assertEquals("x!", task.assertReady());
    assertEquals(List.of("before", "after x"), trace);
  }

  @Test
  void awaitPollsWithTheContextOfTheCurrentPoll() {
    // The block is polled with a new waker the second time; the awaited future must see it.
    ManualFuture<Integer> input = new ManualFuture<>();
    Future<Integer> block = async(input::await);
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    assertFalse(block.poll(Context.of(first::incrementAndGet)).isReady());
    assertFalse(block.poll(Context.of(second::incrementAndGet)).isReady());
    input.complete(1);
    assertEquals(0, first.get());
    assertEquals(1, second.get());
    assertEquals(1, block.poll(Context.of(Waker.noop())).value());
  }

  @Test
  void aCompletedBlockThrowsWhenPolledAgain() {
    MockTask<Integer> task = MockTask.of(async(() -> 1));
    task.assertReady();
    assertInstanceOf(IllegalStateException.class, task.assertFails());
  }

  @Test
  void uncheckedFailureIsThrownAsIs() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    MockTask<Object> task = MockTask.of(async(() -> {
      throw boom;
    }));
    assertSame(boom, task.assertFails());
  }

  @Test
  void checkedFailureOfTheBodyIsTheOriginalInsideTheLibrary() {
    IOException io = new IOException("disk");
    Future<Object> f = async(() -> {
      throw io;
    });
    assertSame(io, MockTask.of(f).assertFails(), "poll throws the original checked exception");
  }

  @Test
  void awaitWrapsCheckedFailuresInCompletionExceptionAndTheBlockUnwrapsThem() {
    IOException io = new IOException("disk");
    AtomicInteger sawWrapped = new AtomicInteger();
    Future<Object> inner = Futures.failed(io);
    Future<Object> outer = async(() -> {
      try {
        return inner.await();
      } catch (CompletionException e) {
        assertSame(io, e.getCause());
        sawWrapped.incrementAndGet();
        throw e; // escapes the body: the block fails with the original
      }
    });
    Future<Object> outermost = async(() -> outer.map(x -> x).await());
    Result<Object> r = Futures.blockOn(outermost.result());
    assertEquals(1, sawWrapped.get());
    assertSame(io, ((Result.Err<Object>) r).error(), "the original crosses any nesting");
    CompletionException atBlockOn = assertThrows(CompletionException.class,
        () -> Futures.blockOn(async(() -> Futures.failed(io).await())));
    assertSame(io, atBlockOn.getCause());
  }

  @Test
  void uncheckedFailureOfAnAwaitedFutureComesAsIs() {
    IllegalStateException boom = new IllegalStateException("x");
    Future<Object> f = async(() -> Futures.failed(boom).await());
    assertSame(boom, assertThrows(IllegalStateException.class, () -> Futures.blockOn(f)));
  }

  @Test
  void awaitOutsideAnAsyncBlockThrowsAndPointsToBlockOn() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Futures.ready(1).await());
    assertTrue(e.getMessage().contains("blockOn"), e.getMessage());
  }

  @Test
  void blockOnInsideAnAsyncBlockThrows() {
    Future<Object> f = async(() -> Futures.blockOn(Futures.ready(1)));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Futures.blockOn(f));
    assertTrue(e.getMessage().contains("await"), e.getMessage());
  }

  @Test
  void inAsyncIsTrueOnlyInsideTheBody() {
    assertFalse(Async.inAsync());
    assertTrue(Futures.blockOn(async(Async::inAsync)));
    assertFalse(Async.inAsync());
  }

  @Test
  void asyncRunGivesNull() {
    AtomicInteger n = new AtomicInteger();
    assertEquals(null, Futures.blockOn(asyncRun(n::incrementAndGet)));
    assertEquals(1, n.get());
  }

  @Test
  void nullBodyIsRejectedAtTheCall() {
    assertThrows(NullPointerException.class, () -> async(null));
    assertThrows(NullPointerException.class, () -> asyncRun(null));
  }

  // ---- cancellation ----

  @Test
  void cancelledBeforeTheFirstPollTheBodyNeverRuns() {
    AtomicBoolean ran = new AtomicBoolean();
    Future<Object> f = async(() -> {
      ran.set(true);
      return null;
    });
    f.cancel();
    f.cancel(); // idempotent
    assertFalse(ran.get());
    assertInstanceOf(IllegalStateException.class, MockTask.of(f).assertFails());
    assertFalse(ran.get());
  }

  @Test
  void cancelResumesTheBodyWithCancellationExceptionSoFinallyRuns() {
    ManualFuture<Integer> awaited = new ManualFuture<>();
    List<String> trace = new ArrayList<>();
    Future<Integer> f = async(() -> {
      try (AutoCloseable resource = () -> trace.add("closed")) {
        return awaited.await();
      } catch (CancellationException e) {
        trace.add("cancelled");
        throw e;
      } finally {
        trace.add("finally");
      }
    });
    MockTask<Integer> task = MockTask.of(f);
    task.assertPending();
    f.cancel();
    assertEquals(List.of("closed", "cancelled", "finally"), trace, "cancel is synchronous");
    assertTrue(awaited.isCancelled(), "the awaited future is cancelled too");
    f.cancel();
    assertEquals(1, awaited.cancelCount(), "cancel is idempotent");
  }

  @Test
  void afterCancelEveryLaterAwaitThrowsAtOnce() {
    ManualFuture<Integer> first = new ManualFuture<>("first");
    ManualFuture<Integer> second = new ManualFuture<>("second");
    List<String> trace = new ArrayList<>();
    Future<Object> f = async(() -> {
      try {
        first.await();
      } catch (CancellationException e) {
        trace.add("first cancelled");
      }
      try {
        second.await();
        trace.add("second returned");
      } catch (CancellationException e) {
        trace.add("second cancelled");
      }
      return null;
    });
    MockTask.of(f).assertPending();
    f.cancel();
    assertEquals(List.of("first cancelled", "second cancelled"), trace);
    assertEquals(0, second.pollCount(), "an await after cancellation polls nothing");
    assertTrue(second.isCancelled(), "and drops (cancels) the future it was given");
  }

  @Test
  void cancelOfACompletedBlockDoesNothing() {
    Future<Integer> f = async(() -> 1);
    assertEquals(1, MockTask.of(f).assertReady());
    f.cancel();
  }

  @Test
  void aFailingCleanupIsNotSwallowedByCancel() {
    ManualFuture<Integer> awaited = new ManualFuture<>();
    Future<Object> f = async(() -> {
      try {
        return awaited.await();
      } finally {
        throw new IllegalStateException("cleanup failed");
      }
    });
    MockTask.of(f).assertPending();
    IllegalStateException e = assertThrows(IllegalStateException.class, f::cancel);
    assertEquals("cleanup failed", e.getMessage());
  }

  @Test
  void cancellingTheOuterBlockCancelsTheNestedBlockItAwaits() {
    ManualFuture<Integer> leaf = new ManualFuture<>();
    List<String> trace = new ArrayList<>();
    Future<Integer> inner = async(() -> {
      try {
        return leaf.await();
      } finally {
        trace.add("inner finally");
      }
    });
    Future<Integer> outer = async(() -> {
      try {
        return inner.map(x -> x).await(); // not inline: awaited through map
      } finally {
        trace.add("outer finally");
      }
    });
    MockTask.of(outer).assertPending();
    outer.cancel();
    assertEquals(List.of("inner finally", "outer finally"), trace);
    assertTrue(leaf.isCancelled());
  }

  // ---- inline awaits and depth ----

  @Test
  void awaitingAnUnstartedBlockRunsItInlineWithTheSameSemantics() {
    ManualFuture<Integer> leaf = new ManualFuture<>();
    Future<Integer> inner = async(() -> leaf.await() * 2);
    MockTask<Integer> task = MockTask.of(async(() -> inner.await() + 1));
    task.assertPending();
    leaf.complete(20);
    assertTrue(task.isWoken());
    assertEquals(41, task.assertReady());
    assertInstanceOf(IllegalStateException.class, MockTask.of(inner).assertFails(),
        "an inline-run block is completed like any other");
  }

  @Test
  void aThousandDeepChainOfNestedBlocksCompletes() {
    ManualFuture<Integer> innermost = new ManualFuture<>();
    Future<Integer> chain = innermost;
    for (int i = 0; i < 1000; i++) {
      Future<Integer> next = chain;
      chain = async(() -> next.await() + 1);
    }
    MockTask<Integer> task = MockTask.of(chain);
    task.assertPending();
    task.assertPending();
    innermost.complete(0);
    assertTrue(task.isWoken());
    assertEquals(1000, task.assertReady());
  }

  @Test
  void aThousandDeepChainOfSeparateContinuationsCompletes() {
    // map() between the levels forces a continuation per level (no inline run).
    ManualFuture<Integer> innermost = new ManualFuture<>();
    Future<Integer> chain = innermost;
    for (int i = 0; i < 1000; i++) {
      Future<Integer> next = chain.map(x -> x);
      chain = async(() -> next.await() + 1);
    }
    MockTask<Integer> task = MockTask.of(chain);
    task.assertPending();
    innermost.complete(0);
    assertTrue(task.isWoken());
    assertEquals(1000, task.assertReady());
  }

  @Test
  void aMillionPendingThenReadyAwaitsInOneBlockKeepHeapFlat() {
    int n = 1_000_000;
    MockTask<Long> task = MockTask.of(async(() -> {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += YieldingFuture.after(1, 1).await();
      }
      return sum;
    }));
    Runtime rt = Runtime.getRuntime();
    long[] samples = new long[5];
    int s = 0;
    Long result = null;
    for (int polls = 0; result == null; polls++) {
      var p = task.poll();
      if (p.isReady()) {
        result = p.value();
      } else if (polls % (n / 4) == 0) {
        System.gc();
        samples[s++] = rt.totalMemory() - rt.freeMemory();
      }
    }
    assertEquals(n, result);
    assertEquals(n + 1, task.pollCount());
    // After the first sample, the live heap must not keep growing with the number of awaits.
    long first = samples[1];
    long last = samples[s - 1];
    assertTrue(last - first < 8 * 1024 * 1024,
        "heap grew from " + first + " to " + last + " bytes across " + n + " awaits");
  }
}
