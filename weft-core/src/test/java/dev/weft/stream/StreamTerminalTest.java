package dev.weft.stream;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import dev.weft.test.ManualStream;
import dev.weft.test.MockStream;
import dev.weft.test.MockTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** fold, forEach, collectList, count, next and fuse: results, failures (try_ by default), reuse. */
class StreamTerminalTest {

  @Test
  void foldAwaitsEachStepInOrder() {
    Future<String> f = Streams.of("a", "b", "c").fold("", (acc, x) -> Futures.ready(acc + x));
    assertEquals("abc", Futures.blockOn(f));
  }

  @Test
  void foldOfAnEmptyStreamGivesInit() {
    assertEquals(7, Futures.blockOn(Streams.<Integer>empty().fold(7, (a, x) -> Futures.ready(a + x))));
  }

  @Test
  void foldDoesNotPollTheStreamWhileAStepIsPending() {
    ManualStream<Integer> source = ManualStream.with(1, 2);
    List<ManualFuture<Integer>> steps = new ArrayList<>();
    MockTask<Integer> task = MockTask.of(source.fold(0, (acc, x) -> {
      ManualFuture<Integer> step = new ManualFuture<>();
      steps.add(step);
      return step;
    }));
    task.assertPending();
    assertEquals(1, source.pollCount());
    task.assertPending();
    assertEquals(1, source.pollCount());
    steps.get(0).complete(1);
    assertTrue(task.isWoken());
    task.assertPending();
    steps.get(1).complete(3);
    source.end();
    assertEquals(3, task.assertReady());
  }

  @Test
  void foldStopsAtAFailingStepAndCancelsTheStream() {
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    IllegalStateException boom = new IllegalStateException("step failed");
    MockTask<Integer> task = MockTask.of(source.fold(0, (acc, x) -> x == 2 ? Futures.failed(boom) : Futures.ready(acc + x)));
    assertSame(boom, task.assertFails());
    assertTrue(source.isCancelled(), "the terminal operation cancels the stream it stops reading");
    assertEquals(2, source.pollCount());
  }

  @Test
  void cancellingAFoldCancelsItsPendingStepAndTheStream() {
    ManualStream<Integer> source = ManualStream.with(1);
    ManualFuture<Integer> step = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(source.fold(0, (acc, x) -> step));
    task.assertPending();
    task.cancel();
    assertTrue(step.isCancelled());
    assertTrue(source.isCancelled());
    task.cancel();
    assertEquals(1, step.cancelCount(), "cancel is idempotent");
  }

  @Test
  void forEachRunsTheConsumerOnEveryItem() {
    List<Integer> seen = new ArrayList<>();
    assertEquals(null, Futures.blockOn(Streams.of(1, 2, 3).forEach(seen::add)));
    assertEquals(List.of(1, 2, 3), seen);
  }

  @Test
  void collectListAndCount() {
    assertEquals(List.of(1, 2, 3), Futures.blockOn(Streams.of(1, 2, 3).collectList()));
    assertEquals(3L, Futures.blockOn(Streams.of(1, 2, 3).count()));
    assertEquals(0L, Futures.blockOn(Streams.empty().count()));
    assertThrows(UnsupportedOperationException.class, () -> Futures.blockOn(Streams.of(1).collectList()).add(2));
  }

  @Test
  void everyTerminalOperationStopsAtTheFirstFailureAndCancelsTheStream() {
    IllegalArgumentException boom = new IllegalArgumentException("bad item");
    List<Function<Stream<Integer>, Future<?>>> terminals = List.of(
        s -> s.fold(0, (a, x) -> Futures.ready(a + x)), s -> s.forEach(x -> { }),
        s -> s.forEachConcurrent(2, Futures::ready), Stream::collectList, Stream::count);
    for (var terminal : terminals) {
      ManualStream<Integer> source = ManualStream.<Integer>with(1, 2).fail(boom);
      MockTask<?> task = MockTask.of(terminal.apply(source));
      assertSame(boom, task.assertFails());
      assertTrue(source.isCancelled());
      assertEquals(3, source.pollCount(), "nothing is polled after the failure");
    }
  }

  @Test
  void aFailingConsumerStopsForEach() {
    ManualStream<Integer> source = ManualStream.<Integer>with(1, 2, 3).end();
    MockTask<Void> task = MockTask.of(source.forEach(x -> {
      if (x == 2) {
        throw new IllegalStateException("consumer");
      }
    }));
    assertEquals("consumer", task.assertFails().getMessage());
    assertTrue(source.isCancelled());
  }

  @Test
  void everyReturnedFutureThrowsWhenPolledAfterItCompleted() {
    List<Function<Stream<Integer>, Future<?>>> terminals = List.of(
        s -> s.fold(0, (a, x) -> Futures.ready(a + x)), s -> s.forEach(x -> { }),
        s -> s.forEachConcurrent(2, Futures::ready), Stream::collectList, Stream::count, Stream::next);
    for (var terminal : terminals) {
      MockTask<?> task = MockTask.of(terminal.apply(Streams.of(1, 2)));
      task.assertReady();
      assertInstanceOf(IllegalStateException.class, task.assertFails());
    }
    RuntimeException x = new RuntimeException("x");
    MockTask<?> failed = MockTask.of(new ManualStream<Integer>().fail(x).count());
    assertSame(x, failed.assertFails());
    assertInstanceOf(IllegalStateException.class, failed.assertFails(), "a failed future completed too");
  }

  @Test
  void nextGivesANewFutureEachCallAndEmptyAtTheEnd() {
    Stream<Integer> s = Streams.of(1, 2);
    Future<Optional<Integer>> first = s.next();
    Future<Optional<Integer>> second = s.next();
    assertNotSame(first, second);
    assertEquals(Optional.of(1), Futures.blockOn(first));
    assertEquals(Optional.of(2), Futures.blockOn(second));
    assertEquals(Optional.empty(), Futures.blockOn(s.next()));
  }

  @Test
  void cancellingNextLeavesTheStreamReadable() {
    ManualStream<Integer> source = new ManualStream<>();
    MockTask<Optional<Integer>> task = MockTask.of(source.next());
    task.assertPending();
    task.cancel();
    assertFalse(source.isCancelled(), "next() borrows the stream; its cancel must not cancel it");
    source.push(5);
    assertEquals(Optional.of(5), Futures.blockOn(source.next()));
  }

  @Test
  void sumWithNextInAWhileLoop() {
    // The Rust text's sum_with_next: while let Some(item) = stream.next().await { sum += item }
    Stream<Integer> s = Streams.of(1, 2, 3, 4);
    Future<Integer> sum = async(() -> {
      int total = 0;
      Optional<Integer> item;
      while ((item = s.next().await()).isPresent()) {
        total += item.get();
      }
      return total;
    });
    assertEquals(10, Futures.blockOn(sum));
  }

  @Test
  void aFusedStreamKeepsGivingEmptyAfterTheEnd() {
    ManualStream<Integer> source = ManualStream.<Integer>with(1).end();
    FusedStream<Integer> s = source.fuse();
    assertFalse(s.isTerminated());
    assertEquals(Optional.of(1), Futures.blockOn(s.next()));
    assertEquals(Optional.empty(), Futures.blockOn(s.next()));
    assertTrue(s.isTerminated());
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), Futures.blockOn(s.next()));
    }
    assertEquals(2, source.pollCount(), "a terminated fused stream does not poll its input");
    assertSame(s, s.fuse());
  }

  @Test
  void aFusedStreamTerminatesAtAFailureAndCancelsItsInput() {
    IllegalStateException boom = new IllegalStateException();
    ManualStream<Integer> source = new ManualStream<Integer>().fail(boom);
    FusedStream<Integer> s = source.fuse();
    MockStream<Integer> m = MockStream.of(s);
    assertSame(boom, m.assertFails());
    assertTrue(s.isTerminated());
    assertTrue(source.isCancelled());
    m.assertEnd();
  }

  @Test
  void theConsumerIsWokenWhenAPendingInputGetsAnItem() {
    ManualStream<Integer> source = new ManualStream<>();
    MockTask<List<Integer>> task = MockTask.of(source.map(x -> x + 1).collectList());
    task.assertPending();
    source.push(1);
    assertTrue(task.isWoken());
    task.assertPending();
    source.end();
    assertTrue(task.isWoken());
    assertEquals(List.of(2), task.assertReady());
  }

  @Test
  void cancellingAnAsyncBlockThatReadsAStreamRunsItsFinally() {
    ManualStream<Integer> source = new ManualStream<>();
    AtomicBoolean cleaned = new AtomicBoolean();
    MockTask<Integer> task = MockTask.of(async(() -> {
      try {
        return source.next().await().orElse(0);
      } finally {
        cleaned.set(true);
      }
    }));
    task.assertPending();
    task.cancel();
    assertTrue(cleaned.get());
    assertThrows(CancellationException.class, () -> Futures.blockOn(async(() -> {
      throw new CancellationException();
    })));
  }
}
