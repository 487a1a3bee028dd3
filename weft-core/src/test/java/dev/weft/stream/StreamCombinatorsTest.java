package dev.weft.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Tuple2;
import dev.weft.test.ManualFuture;
import dev.weft.test.ManualStream;
import dev.weft.test.MockStream;
import dev.weft.test.YieldingFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The combinators one by one: what they give, when they end, and that they are lazy. */
class StreamCombinatorsTest {

  private static <T> List<T> collect(Stream<T> s) {
    return Futures.blockOn(s.collectList());
  }

  @Test
  void combinatorsAreLazy() {
    AtomicInteger calls = new AtomicInteger();
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    Stream<Integer> chain = source
        .map(x -> { calls.incrementAndGet(); return x; })
        .filter(x -> { calls.incrementAndGet(); return true; })
        .then(x -> { calls.incrementAndGet(); return Futures.ready(x); })
        .take(2);
    Future<List<Integer>> all = chain.collectList();
    assertEquals(0, calls.get());
    assertEquals(0, source.pollCount(), "nothing may be polled before the consumer polls");
    assertEquals(List.of(1, 2), Futures.blockOn(all));
    assertEquals(6, calls.get());
  }

  @Test
  void mapAppliesTheFunctionInOrder() {
    assertEquals(List.of(2, 4, 6), collect(Streams.of(1, 2, 3).map(x -> x * 2)));
  }

  @Test
  void mapRejectsANullResultWhereItIsProduced() {
    MockStream<Integer> s = MockStream.of(Streams.of(1, 2).map(x -> x == 2 ? null : x));
    assertEquals(1, s.assertNext());
    assertInstanceOf(NullPointerException.class, s.assertFails());
  }

  @Test
  void filterKeepsTheItemsThePredicateAccepts() {
    assertEquals(List.of(2, 4), collect(Streams.of(1, 2, 3, 4, 5).filter(x -> x % 2 == 0)));
  }

  @Test
  void filterRegistersTheWakerWhenItsInputIsPending() {
    ManualStream<Integer> source = new ManualStream<>();
    MockStream<Integer> s = MockStream.of(source.filter(x -> x > 10));
    source.push(1).push(2);
    s.assertPending();
    source.push(11);
    assertTrue(s.isWoken());
    assertEquals(11, s.assertNext());
  }

  @Test
  void thenAwaitsOneFutureAtATimeInOrder() {
    List<ManualFuture<String>> made = new ArrayList<>();
    ManualStream<Integer> source = ManualStream.with(1, 2);
    MockStream<String> s = MockStream.of(source.then(x -> {
      ManualFuture<String> f = new ManualFuture<>("f" + x);
      made.add(f);
      return f;
    }));
    s.assertPending();
    assertEquals(1, made.size(), "then must not start the second future before the first finished");
    made.get(0).complete("one");
    assertTrue(s.isWoken());
    assertEquals("one", s.assertNext());
    s.assertPending();
    made.get(1).complete("two");
    assertEquals("two", s.assertNext());
    source.end();
    s.assertEnd();
  }

  @Test
  void thenRejectsANullFutureAndANullValue() {
    assertThrows(NullPointerException.class, () -> collect(Streams.of(1).then(x -> null)));
    assertThrows(NullPointerException.class, () -> collect(Streams.of(1).then(x -> Futures.ready(null))));
  }

  @Test
  void flatMapReadsEachInnerStreamToItsEnd() {
    assertEquals(List.of(1, 1, 2, 1, 2, 3),
        collect(Streams.of(1, 2, 3).flatMap(n -> Streams.fromIterable(range(1, n)))));
    assertEquals(List.of(), collect(Streams.of(1, 2).flatMap(n -> Streams.<Integer>empty())));
  }

  @Test
  void flatMapWaitsForAPendingInnerStream() {
    ManualStream<String> inner = new ManualStream<>();
    MockStream<String> s = MockStream.of(Streams.of(1).flatMap(x -> inner));
    s.assertPending();
    inner.push("a");
    assertTrue(s.isWoken());
    assertEquals("a", s.assertNext());
    inner.end();
    s.assertEnd();
  }

  @Test
  void takeGivesTheFirstNAndCancelsItsInputAfterTheLast() {
    ManualStream<Integer> source = ManualStream.with(1, 2, 3, 4);
    MockStream<Integer> s = MockStream.of(source.take(2));
    assertEquals(1, s.assertNext());
    assertFalse(source.isCancelled());
    assertEquals(2, s.assertNext());
    assertTrue(source.isCancelled(), "take cancels its input once it will not poll it again");
    s.assertEnd();
    assertEquals(2, source.pollCount());
  }

  @Test
  void takeZeroNeverPollsItsInput() {
    ManualStream<Integer> source = ManualStream.with(1);
    assertEquals(List.of(), collect(source.take(0)));
    assertEquals(0, source.pollCount());
    assertTrue(source.isCancelled());
  }

  @Test
  void takeOfAShortStreamGivesAllOfIt() {
    assertEquals(List.of(1, 2), collect(Streams.of(1, 2).take(5)));
  }

  @Test
  void skipDropsTheFirstN() {
    assertEquals(List.of(3, 4), collect(Streams.of(1, 2, 3, 4).skip(2)));
    assertEquals(List.of(), collect(Streams.of(1, 2).skip(5)));
    assertEquals(List.of(1, 2), collect(Streams.of(1, 2).skip(0)));
  }

  @Test
  void takeWhileStopsAtTheFirstRejectedItemAndCancelsItsInput() {
    ManualStream<Integer> source = ManualStream.with(1, 2, 7, 3);
    MockStream<Integer> s = MockStream.of(source.takeWhile(x -> x < 5));
    assertEquals(1, s.assertNext());
    assertEquals(2, s.assertNext());
    s.assertEnd();
    assertTrue(source.isCancelled());
    s.assertEnd();
    assertEquals(3, source.pollCount(), "after the rejected item the input is not polled again");
  }

  @Test
  void zipPairsItemsAndEndsWithTheShorterStream() {
    assertEquals(List.of(new Tuple2<>(1, "a"), new Tuple2<>(2, "b")),
        collect(Streams.of(1, 2, 3).zip(Streams.of("a", "b"))));
    assertEquals(List.of(new Tuple2<>(1, "a")), collect(Streams.of(1).zip(Streams.of("a", "b"))));
  }

  @Test
  void zipKeepsAnEarlyItemUntilItsPartnerComes() {
    ManualStream<Integer> left = ManualStream.with(1);
    ManualStream<String> right = new ManualStream<>();
    MockStream<Tuple2<Integer, String>> s = MockStream.of(left.zip(right));
    s.assertPending();
    s.assertPending();
    assertEquals(1, left.pollCount(), "the waiting left item is kept, the left input is not polled again");
    right.push("x");
    assertTrue(s.isWoken());
    assertEquals(new Tuple2<>(1, "x"), s.assertNext());
  }

  @Test
  void zipCancelsTheOtherInputWhenOneEnds() {
    ManualStream<Integer> left = new ManualStream<Integer>().end();
    ManualStream<String> right = ManualStream.with("a");
    assertEquals(List.of(), collect(left.zip(right)));
    assertTrue(right.isCancelled());
    assertFalse(left.isCancelled(), "the input that ended needs no cancel");
  }

  @Test
  void chainGivesTheFirstStreamThenTheSecond() {
    assertEquals(List.of(1, 2, 3, 4), collect(Streams.of(1, 2).chain(Streams.of(3, 4))));
    assertEquals(List.of(3), collect(Streams.<Integer>empty().chain(Streams.of(3))));
  }

  @Test
  void chainDoesNotPollTheSecondBeforeTheFirstEnded() {
    ManualStream<Integer> first = ManualStream.with(1);
    ManualStream<Integer> second = ManualStream.with(2);
    MockStream<Integer> s = MockStream.of(first.chain(second));
    assertEquals(1, s.assertNext());
    s.assertPending();
    assertEquals(0, second.pollCount());
    first.end();
    assertEquals(2, s.assertNext());
  }

  @Test
  void chunksGroupsItemsAndTheLastChunkMayBeShort() {
    assertEquals(List.of(List.of(1, 2), List.of(3, 4), List.of(5)), collect(Streams.of(1, 2, 3, 4, 5).chunks(2)));
    assertEquals(List.of(List.of(1, 2)), collect(Streams.of(1, 2).chunks(2)));
    assertEquals(List.of(), collect(Streams.<Integer>empty().chunks(3)));
  }

  @Test
  void chunksWaitsForAFullChunkWhileTheInputIsPending() {
    ManualStream<Integer> source = ManualStream.with(1);
    MockStream<List<Integer>> s = MockStream.of(source.chunks(2));
    s.assertPending();
    source.push(2);
    assertTrue(s.isWoken());
    assertEquals(List.of(1, 2), s.assertNext());
    source.push(3).end();
    assertEquals(List.of(3), s.assertNext());
    s.assertEnd();
  }

  @Test
  void chunksDoesNotPollItsInputAgainAfterTheShortLastChunk() {
    // The short last list is given when the input ends; the consumer then polls once more for
    // the end, which must not poll the ended input again (it is not fused and may refuse).
    AtomicInteger next = new AtomicInteger(1);
    AtomicInteger pollsAfterEnd = new AtomicInteger();
    boolean[] ended = {false};
    Stream<Integer> source = Streams.pollFn(cx -> {
      if (ended[0]) {
        pollsAfterEnd.incrementAndGet();
        throw new IllegalStateException("polled after its end");
      }
      if (next.get() > 3) {
        ended[0] = true;
        return Poll.ready(Optional.empty());
      }
      return Poll.ready(Optional.of(next.getAndIncrement()));
    });
    MockStream<List<Integer>> s = MockStream.of(source.chunks(2));
    assertEquals(List.of(1, 2), s.assertNext());
    assertEquals(List.of(3), s.assertNext());
    s.assertEnd();
    assertEquals(0, pollsAfterEnd.get());
  }

  @Test
  void argumentsAreCheckedAtTheCall() {
    Stream<Integer> s = Streams.of(1);
    assertThrows(IllegalArgumentException.class, () -> s.chunks(0));
    assertThrows(IllegalArgumentException.class, () -> s.chunks(-1));
    assertThrows(IllegalArgumentException.class, () -> s.buffered(0, Futures::ready));
    assertThrows(IllegalArgumentException.class, () -> s.bufferUnordered(0, Futures::ready));
    assertThrows(IllegalArgumentException.class, () -> s.forEachConcurrent(0, Futures::ready));
    assertThrows(IllegalArgumentException.class, () -> s.take(-1));
    assertThrows(IllegalArgumentException.class, () -> s.skip(-1));
    assertThrows(NullPointerException.class, () -> s.map(null));
    assertThrows(NullPointerException.class, () -> s.filter(null));
    assertThrows(NullPointerException.class, () -> s.then(null));
    assertThrows(NullPointerException.class, () -> s.flatMap(null));
    assertThrows(NullPointerException.class, () -> s.takeWhile(null));
    assertThrows(NullPointerException.class, () -> s.zip(null));
    assertThrows(NullPointerException.class, () -> s.chain(null));
    assertThrows(NullPointerException.class, () -> s.buffered(1, null));
    assertThrows(NullPointerException.class, () -> s.bufferUnordered(1, null));
    assertThrows(NullPointerException.class, () -> s.fold(0, null));
    assertThrows(NullPointerException.class, () -> s.fold(null, (a, b) -> Futures.ready(a)));
    assertThrows(NullPointerException.class, () -> s.forEach(null));
    assertThrows(NullPointerException.class, () -> s.forEachConcurrent(1, null));
  }

  @Test
  void aFailureOfTheInputPassesThroughEveryCombinatorUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");
    List<java.util.function.Function<Stream<Integer>, Stream<?>>> stages = List.of(
        s -> s.map(x -> x), s -> s.filter(x -> true), s -> s.then(Futures::ready),
        s -> s.flatMap(Streams::of), s -> s.take(5), s -> s.skip(0), s -> s.takeWhile(x -> true),
        s -> s.zip(Streams.of(1, 2, 3)), s -> s.chain(Streams.of(9)), s -> s.chunks(1),
        s -> s.buffered(2, Futures::ready), s -> s.bufferUnordered(2, Futures::ready), Stream::fuse);
    for (var stage : stages) {
      ManualStream<Integer> source = new ManualStream<Integer>().fail(boom);
      MockStream<?> s = MockStream.of(stage.apply(source));
      assertSame(boom, s.assertFails());
    }
  }

  @Test
  void aCheckedFailureTravelsUnwrappedAndSurfacesWrappedAtBlockOn() {
    java.io.IOException io = new java.io.IOException("disk");
    Stream<Integer> s = new ManualStream<Integer>().push(1).fail(io).map(x -> x + 1);
    MockStream<Integer> m = MockStream.of(s);
    assertEquals(2, m.assertNext());
    assertSame(io, m.assertFails());
    var e = assertThrows(java.util.concurrent.CompletionException.class,
        () -> Futures.blockOn(new ManualStream<Integer>().fail(io).count()));
    assertSame(io, e.getCause());
  }

  @Test
  void aSelfWakingInputIsFollowedWithoutLostWakeUps() {
    Stream<Integer> s = Streams.of(1, 2, 3).then(x -> YieldingFuture.after(2, x * 10))
        .chain(Streams.once(YieldingFuture.after(3, 40)));
    assertEquals(List.of(10, 20, 30, 40), MockStream.of(s).drain(100));
  }

  static List<Integer> range(int from, int to) {
    List<Integer> l = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      l.add(i);
    }
    return l;
  }
}
