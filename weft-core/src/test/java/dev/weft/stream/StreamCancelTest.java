package dev.weft.stream;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Cancel is drop: cancelling a stream cancels its input and every inner future or stream it
 * holds at that moment, once, even when one of those cancels throws.
 */
class StreamCancelTest {

  @Test
  void cancellingAnySingleInputCombinatorCancelsItsInputOnce() {
    List<Function<Stream<Integer>, Stream<?>>> stages = List.of(
        s -> s.map(x -> x), s -> s.filter(x -> true), s -> s.then(Futures::ready),
        s -> s.flatMap(Streams::of), s -> s.take(5), s -> s.skip(1), s -> s.takeWhile(x -> true),
        s -> s.chunks(3), s -> s.buffered(2, Futures::ready), s -> s.bufferUnordered(2, Futures::ready),
        Stream::fuse);
    for (var stage : stages) {
      ManualStream<Integer> source = ManualStream.with(1);
      Stream<?> s = stage.apply(source);
      MockStream.of(s).poll();
      s.cancel();
      s.cancel();
      assertEquals(1, source.cancelCount(), "cancel reaches the input once: " + s.getClass().getSimpleName());
    }
  }

  @Test
  void cancellingThenCancelsTheFutureInProgress() {
    ManualFuture<Integer> inner = new ManualFuture<>();
    ManualStream<Integer> source = ManualStream.with(1);
    MockStream<Integer> s = MockStream.of(source.then(x -> inner));
    s.assertPending();
    s.cancel();
    assertTrue(inner.isCancelled());
    assertTrue(source.isCancelled());
  }

  @Test
  void cancellingFlatMapCancelsTheInnerStream() {
    ManualStream<String> inner = new ManualStream<>();
    ManualStream<Integer> source = ManualStream.with(1);
    MockStream<String> s = MockStream.of(source.flatMap(x -> inner));
    s.assertPending();
    s.cancel();
    assertTrue(inner.isCancelled());
    assertTrue(source.isCancelled());
  }

  @Test
  void cancellingBufferedCancelsEveryFutureInFlightAndRunsTheirFinallyBlocks() {
    for (boolean ordered : new boolean[] {true, false}) {
      AtomicInteger finallies = new AtomicInteger();
      List<ManualFuture<Integer>> gates = new ArrayList<>();
      ManualStream<Integer> source = ManualStream.with(1, 2, 3, 4);
      Function<Integer, Future<Integer>> f = i -> {
        ManualFuture<Integer> gate = new ManualFuture<>();
        gates.add(gate);
        return async(() -> {
          try {
            return gate.await();
          } finally {
            finallies.incrementAndGet();
          }
        });
      };
      MockStream<Integer> s = MockStream.of(ordered ? source.buffered(3, f) : source.bufferUnordered(3, f));
      s.assertPending();
      assertEquals(3, gates.size());
      s.cancel();
      assertEquals(3, finallies.get());
      gates.forEach(g -> assertTrue(g.isCancelled()));
      assertTrue(source.isCancelled());
    }
  }

  @Test
  void cancellingZipChainAndMergeCancelsEveryInput() {
    ManualStream<Integer> a = new ManualStream<>();
    ManualStream<Integer> b = new ManualStream<>();
    Stream<?> zip = a.zip(b);
    MockStream.of(zip).assertPending();
    zip.cancel();
    assertTrue(a.isCancelled() && b.isCancelled());

    ManualStream<Integer> c = new ManualStream<>();
    ManualStream<Integer> d = new ManualStream<>();
    Stream<Integer> chain = c.chain(d);
    MockStream.of(chain).assertPending();
    chain.cancel();
    assertTrue(c.isCancelled() && d.isCancelled(), "chain owns its second stream too");

    List<ManualStream<Integer>> inputs = List.of(new ManualStream<>(), new ManualStream<>(), new ManualStream<>());
    Stream<Integer> merged = Streams.merge(inputs);
    MockStream.of(merged).assertPending();
    merged.cancel();
    inputs.forEach(in -> assertEquals(1, in.cancelCount()));
  }

  @Test
  void cancellingOnceAndUnfoldCancelsTheirFuture() {
    ManualFuture<Integer> f = new ManualFuture<>();
    Stream<Integer> once = Streams.once(f);
    MockStream.of(once).assertPending();
    once.cancel();
    assertTrue(f.isCancelled());

    ManualFuture<java.util.Optional<dev.weft.future.Tuple2<Integer, Integer>>> step = new ManualFuture<>();
    Stream<Integer> unfold = Streams.unfold(0, s -> step);
    MockStream<Integer> m = MockStream.of(unfold);
    m.assertPending();
    unfold.cancel();
    assertTrue(step.isCancelled());
    m.assertEnd();
  }

  @Test
  void cancellingATerminalOperationCancelsItsStreamAndWhatItRuns() {
    ManualFuture<Integer> gate = new ManualFuture<>();
    ManualStream<Integer> source = ManualStream.with(1);
    MockTask<Void> task = MockTask.of(source.forEachConcurrent(2, i -> gate));
    task.assertPending();
    task.cancel();
    assertTrue(gate.isCancelled());
    assertTrue(source.isCancelled());

    ManualStream<Integer> other = new ManualStream<>();
    MockTask<Long> count = MockTask.of(other.count());
    count.assertPending();
    count.cancel();
    assertTrue(other.isCancelled());
  }

  @Test
  void aThrowingCancelDoesNotStopTheOtherCancels() {
    IllegalStateException boom = new IllegalStateException("cancel failed");
    Stream<Integer> bad = Streams.pollFn(cx -> dev.weft.future.Poll.pending());
    Stream<Integer> throwing = new Stream<>() {
      @Override
      public dev.weft.future.Poll<java.util.Optional<Integer>> pollNext(dev.weft.future.Context cx) {
        return bad.pollNext(cx);
      }

      @Override
      public void cancel() {
        throw boom;
      }
    };
    ManualStream<Integer> second = new ManualStream<>();
    Stream<Integer> chain = throwing.chain(second);
    assertSame(boom, assertThrows(IllegalStateException.class, chain::cancel));
    assertTrue(second.isCancelled());

    ManualStream<Integer> third = new ManualStream<>();
    Stream<Integer> merged = Streams.merge(List.of(throwing, third));
    assertThrows(IllegalStateException.class, merged::cancel);
    assertTrue(third.isCancelled());
  }

  @Test
  void aCancelledTakeOrZipDoesNotCancelTwice() {
    ManualStream<Integer> source = ManualStream.with(1, 2);
    Stream<Integer> take = source.take(1);
    assertEquals(List.of(1), Futures.blockOn(take.collectList()));
    take.cancel();
    assertEquals(1, source.cancelCount());
    assertFalse(source.pollCount() > 1);
  }
}
