package dev.weft.stream;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Tuple2;
import dev.weft.test.ManualFuture;
import dev.weft.test.ManualStream;
import dev.weft.test.MockStream;
import dev.weft.test.MockTask;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Rules of dev.weft.stream's Javadoc that no other test checked (audit). */
class ContractRulesStreamTest {

  /**
   * "Items of streams and channels are non-null: a null is rejected with NullPointerException
   * where it is produced" — a future of buffered/bufferUnordered that gives null.
   */
  @Test
  void bufferedAndBufferUnorderedRejectANullValueOfTheirFutures() {
    assertInstanceOf(NullPointerException.class,
        MockStream.of(Streams.of(1).buffered(2, x -> Futures.ready((Integer) null))).assertFails());
    assertInstanceOf(NullPointerException.class,
        MockStream.of(Streams.of(1).bufferUnordered(2, x -> Futures.ready((Integer) null)))
            .assertFails());
  }

  /** The null-items rule, where a function of flatMap or unfold produces the null. */
  @Test
  void flatMapAndUnfoldRejectANullWhereItIsProduced() {
    assertInstanceOf(NullPointerException.class,
        MockStream.of(Streams.of(1).flatMap(x -> (Stream<Integer>) null)).assertFails(),
        "flatMap's function gave a null stream");
    assertInstanceOf(NullPointerException.class, MockStream.of(Streams.<Integer, Integer>unfold(0,
        s -> Futures.ready(Optional.of(new Tuple2<>(null, s + 1))))).assertFails(),
        "unfold produced a null item");
    assertInstanceOf(NullPointerException.class,
        MockStream.of(Streams.<Integer, Integer>unfold(0, s -> null)).assertFails(),
        "unfold's function gave a null future");
    assertInstanceOf(NullPointerException.class,
        MockStream.of(Streams.<Integer, Integer>unfold(0, s -> Futures.ready(null))).assertFails(),
        "unfold's future gave null instead of an Optional");
  }

  /**
   * "every terminal operation ... stops at the first failure, cancels what it still runs, and
   * fails with it" — a fold whose stream is fine but whose step fails cancels the stream; one
   * cancelled while its step is pending cancels the step.
   */
  @Test
  void foldStopsAtAFailingStepAndCancelsTheStreamItStillRuns() {
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    IllegalStateException boom = new IllegalStateException("step");
    MockTask<Integer> t = MockTask.of(source.fold(0, (a, x) -> {
      if (x == 2) {
        return Futures.failed(boom);
      }
      return Futures.ready(a + x);
    }));
    assertSame(boom, t.assertFails());
    assertTrue(source.isCancelled(), "the stream the fold still ran was not cancelled");
    assertEquals(2, source.pollCount(), "nothing is read after the failure");
  }

  /**
   * "forEachConcurrent(limit, f) never has more than limit futures of f in flight" and stops at
   * a failure of one of them, cancelling the others in flight and the stream.
   */
  @Test
  void forEachConcurrentCancelsTheOtherFuturesInFlightAtAFailure() {
    ManualFuture<Void> a = new ManualFuture<>("a");
    ManualFuture<Void> b = new ManualFuture<>("b");
    ManualStream<Integer> source = ManualStream.with(0, 1, 2);
    List<ManualFuture<Void>> fs = List.of(a, b);
    MockTask<Void> t = MockTask.of(source.forEachConcurrent(2, i -> fs.get(i)));
    t.assertPending();
    assertEquals(1, a.pollCount());
    assertEquals(1, b.pollCount());
    assertEquals(2, source.pollCount(), "a third item was taken with two futures in flight");
    IllegalArgumentException boom = new IllegalArgumentException();
    b.fail(boom);
    assertSame(boom, t.assertFails());
    assertTrue(a.isCancelled());
    assertTrue(source.isCancelled());
  }

  /**
   * "After the end, a fused stream's next() keeps giving empty" — also through pollNext, and
   * for a fused stream whose input ended while it was pending.
   */
  @Test
  void aFusedStreamKeepsGivingEmptyThroughPollNext() {
    ManualStream<Integer> source = new ManualStream<>();
    FusedStream<Integer> fused = source.fuse();
    MockStream<Integer> m = MockStream.of(fused);
    m.assertPending();
    source.push(1).end();
    assertEquals(1, m.assertNext());
    m.assertEnd();
    assertTrue(fused.isTerminated());
    for (int i = 0; i < 3; i++) {
      m.assertEnd();
      assertEquals(Optional.empty(), Futures.blockOn(fused.next()));
    }
  }

  /** "An empty FuturesUnordered ends; adding to it again makes it yield again" — via next(). */
  @Test
  void anEmptyFuturesUnorderedEndsThenYieldsAgainThroughNext() {
    FuturesUnordered<String> set = new FuturesUnordered<>();
    assertTrue(set.isEmpty());
    assertEquals(Optional.empty(), Futures.blockOn(set.next()));
    assertEquals(Optional.empty(), Futures.blockOn(set.next()));
    set.add(Futures.ready("again"));
    assertEquals(1, set.size());
    assertEquals(Optional.of("again"), Futures.blockOn(set.next()));
    assertEquals(Optional.empty(), Futures.blockOn(set.next()));
  }

  /**
   * "asIterable() outside an async block throws IllegalStateException" (at the call), also for
   * a stream that is a combinator, and a checked failure of the stream inside an async block
   * surfaces as await does.
   */
  @Test
  void asIterableOutsideAsyncThrowsAtTheCallForEveryStream() {
    assertThrows(IllegalStateException.class, () -> Streams.of(1).map(x -> x).asIterable());
    assertThrows(IllegalStateException.class, () -> new FuturesUnordered<Integer>().asIterable());
    Future<Integer> inside = async(() -> {
      int sum = 0;
      for (int x : Streams.of(1, 2, 3).map(x -> x * 2).asIterable()) {
        sum += x;
      }
      return sum;
    });
    assertEquals(12, Futures.blockOn(inside));
    java.io.IOException io = new java.io.IOException();
    Future<Integer> failing = async(() -> {
      for (int x : new ManualStream<Integer>().fail(io).asIterable()) {
        return x;
      }
      return 0;
    });
    // the block fails with the original (AsyncBlock unwraps it); blockOn wraps the checked one
    assertSame(io,
        assertThrows(CompletionException.class, () -> Futures.blockOn(failing)).getCause());
  }

  /** merge: "interleaved as ready; ends when all end" — with no input, it ends at once. */
  @Test
  void aMergeOfNoStreamsEndsAtOnce() {
    MockStream<Integer> m = MockStream.of(Streams.<Integer>merge(List.of()));
    m.assertEnd();
    m.assertEnd();
  }
}
