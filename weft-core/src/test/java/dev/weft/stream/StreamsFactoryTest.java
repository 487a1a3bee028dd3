package dev.weft.stream;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The factories of {@link Streams} (the Flow bridges have their own tests). */
class StreamsFactoryTest {

  @Test
  void emptyEndsAtOnceAndIsFused() {
    MockStream<Object> s = MockStream.of(Streams.empty());
    s.assertEnd();
    s.assertEnd();
    assertTrue(Streams.empty().fuse().isTerminated());
  }

  @Test
  void ofGivesItsItemsInOrderAndRejectsANullAtTheCall() {
    assertEquals(List.of("a", "b"), Futures.blockOn(Streams.of("a", "b").collectList()));
    assertThrows(NullPointerException.class, () -> Streams.of("a", null));
    assertThrows(NullPointerException.class, () -> Streams.of((Object[]) null));
  }

  @Test
  void ofCopiesItsArray() {
    Integer[] items = {1, 2};
    Stream<Integer> s = Streams.of(items);
    items[0] = 9;
    assertEquals(List.of(1, 2), Futures.blockOn(s.collectList()));
  }

  @Test
  void fromIterableIsLazyAndRejectsNulls() {
    AtomicInteger iterators = new AtomicInteger();
    Iterable<Integer> counting = () -> {
      iterators.incrementAndGet();
      return List.of(1, 2, 3).iterator();
    };
    Stream<Integer> s = Streams.fromIterable(counting);
    assertEquals(0, iterators.get(), "the iterator is made at the first poll");
    assertEquals(List.of(1, 2, 3), Futures.blockOn(s.collectList()));
    assertEquals(1, iterators.get());
    assertThrows(NullPointerException.class, () -> Streams.fromIterable(Arrays.asList(1, null)));
    Iterable<Integer> lazyNull = () -> Arrays.asList(1, null).iterator();
    MockStream<Integer> m = MockStream.of(Streams.fromIterable(lazyNull));
    assertEquals(1, m.assertNext());
    assertInstanceOf(NullPointerException.class, m.assertFails());
  }

  @Test
  void onceGivesTheValueOfItsFutureThenEnds() {
    ManualFuture<String> f = new ManualFuture<>();
    MockStream<String> s = MockStream.of(Streams.once(f));
    s.assertPending();
    f.complete("v");
    assertTrue(s.isWoken());
    assertEquals("v", s.assertNext());
    s.assertEnd();
    assertThrows(NullPointerException.class, () -> Futures.blockOn(Streams.once(Futures.ready(null)).count()));
  }

  @Test
  void unfoldRunsOneStepAtATimeUntilEmpty() {
    Stream<Integer> countdown = Streams.unfold(3, n -> YieldingFuture.after(1,
        n == 0 ? Optional.<Tuple2<Integer, Integer>>empty() : Optional.of(new Tuple2<>(n, n - 1))));
    assertEquals(List.of(3, 2, 1), MockStream.of(countdown).drain(50));
  }

  @Test
  void unfoldIsLazy() {
    AtomicInteger steps = new AtomicInteger();
    Stream<Integer> s = Streams.unfold(0, n -> {
      steps.incrementAndGet();
      return Futures.ready(Optional.of(new Tuple2<>(n, n + 1)));
    });
    assertEquals(0, steps.get());
    assertEquals(List.of(0, 1, 2), Futures.blockOn(s.take(3).collectList()));
    assertEquals(3, steps.get(), "take stops asking for steps after the third item");
  }

  @Test
  void pollFnIsAStreamWhosePollIsTheFunction() {
    int[] next = {0};
    Stream<Integer> s = Streams.pollFn(cx -> {
      if (next[0] == 3) {
        return Poll.ready(Optional.empty());
      }
      if (next[0]++ % 2 == 0) {
        cx.waker().wake();
        return Poll.pending();
      }
      return Poll.ready(Optional.of(next[0]));
    });
    assertEquals(List.of(2), MockStream.of(s).drain(10));
    assertThrows(NullPointerException.class, () -> Futures.blockOn(Streams.pollFn(cx -> null).count()));
    assertThrows(NullPointerException.class, () -> Futures.blockOn(Streams.pollFn(cx -> Poll.ready(null)).count()));
  }

  @Test
  void mergeInterleavesAsReadyAndEndsWhenAllEnded() {
    ManualStream<String> a = new ManualStream<>("a");
    ManualStream<String> b = new ManualStream<>("b");
    MockStream<String> s = MockStream.of(Streams.merge(List.of(a, b)));
    s.assertPending();
    b.push("b1");
    assertTrue(s.isWoken());
    assertEquals("b1", s.assertNext());
    a.push("a1").end();
    assertEquals("a1", s.assertNext());
    s.assertPending();
    b.push("b2").end();
    assertEquals("b2", s.assertNext());
    s.assertEnd();
    MockStream.of(Streams.<Integer>merge(List.of())).assertEnd();
    assertThrows(NullPointerException.class, () -> Streams.merge(Arrays.asList(a, null)));
  }

  @Test
  void mergeRotatesBetweenReadyInputsSoNoneStarves() {
    Stream<Integer> ones = Streams.fromIterable(() -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        return 1;
      }
    });
    Stream<Integer> twos = Streams.of(2, 2, 2);
    List<Integer> first = Futures.blockOn(Streams.merge(List.of(ones, twos)).take(6).collectList());
    assertEquals(List.of(1, 2, 1, 2, 1, 2), first);
  }

  @Test
  void mergePollsOnlyTheInputsThatWereWoken() {
    List<ManualStream<Integer>> inputs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      inputs.add(new ManualStream<>());
    }
    MockStream<Integer> s = MockStream.of(Streams.merge(inputs));
    s.assertPending();
    inputs.get(4).push(4);
    assertEquals(4, s.assertNext());
    s.assertPending();
    for (int i = 0; i < 10; i++) {
      assertEquals(i == 4 ? 3 : 1, inputs.get(i).pollCount(), "input " + i);
    }
  }

  @Test
  void mergeOfManyYieldingStreamsGivesEveryItem() {
    List<Stream<Integer>> inputs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int base = i * 100;
      inputs.add(Streams.of(0, 1, 2, 3, 4).then(x -> YieldingFuture.after(x % 3, base + x)));
    }
    List<Integer> all = MockStream.of(Streams.merge(inputs)).drain(10_000);
    assertEquals(100, all.size());
    assertEquals(100, new HashSet<>(all).size());
  }

  @Test
  void mergeFailsWithTheFailureOfAnInput() {
    IllegalStateException boom = new IllegalStateException();
    ManualStream<Integer> bad = new ManualStream<Integer>().fail(boom);
    ManualStream<Integer> good = ManualStream.<Integer>with(1).end();
    MockStream<Integer> s = MockStream.of(Streams.merge(List.of(bad, good)));
    assertSame(boom, s.assertFails());
    assertTrue(bad.isCancelled());
    assertEquals(1, s.assertNext());
    s.assertEnd();
  }

  @Test
  void factoriesCheckTheirArgumentsAtTheCall() {
    assertThrows(NullPointerException.class, () -> Streams.fromIterable(null));
    assertThrows(NullPointerException.class, () -> Streams.once(null));
    assertThrows(NullPointerException.class, () -> Streams.unfold(null, s -> Futures.ready(Optional.empty())));
    assertThrows(NullPointerException.class, () -> Streams.unfold(1, null));
    assertThrows(NullPointerException.class, () -> Streams.pollFn(null));
    assertThrows(NullPointerException.class, () -> Streams.merge(null));
    assertThrows(NullPointerException.class, () -> Streams.fromPublisher(null));
    assertThrows(IllegalArgumentException.class, () -> Streams.fromPublisher(s -> { }, 0));
    assertThrows(NullPointerException.class, () -> Streams.toPublisher(null, Runnable::run));
    assertThrows(NullPointerException.class, () -> Streams.toPublisher(Streams.empty(), null));
  }

  @Test
  void asIterableInsideAnAsyncBlockAwaitsEachItem() {
    ManualStream<Integer> source = new ManualStream<>();
    Future<Integer> sum = async(() -> {
      int total = 0;
      for (int x : source.asIterable()) {
        total += x;
      }
      return total;
    });
    dev.weft.test.MockTask<Integer> task = dev.weft.test.MockTask.of(sum);
    task.assertPending();
    source.push(1).push(2);
    assertTrue(task.isWoken());
    task.assertPending();
    source.push(3).end();
    assertEquals(6, task.assertReady());
  }

  @Test
  void asIterableSurfacesAFailureAsAwaitDoes() {
    java.io.IOException io = new java.io.IOException("read");
    Stream<Integer> s = ManualStream.<Integer>with(1).fail(io);
    Future<Integer> f = async(() -> {
      int n = 0;
      for (int x : s.asIterable()) {
        n += x;
      }
      return n;
    });
    var e = assertThrows(java.util.concurrent.CompletionException.class, () -> Futures.blockOn(f));
    assertSame(io, e.getCause());
  }

  @Test
  void asIterableOutsideAnAsyncBlockThrowsAtTheCall() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Streams.of(1).asIterable());
    assertTrue(e.getMessage().contains("async"), e.getMessage());
  }

  @Test
  void asIterableIteratorFollowsTheIteratorContract() {
    Future<List<Integer>> f = async(() -> {
      Iterator<Integer> it = Streams.of(1, 2).asIterable().iterator();
      List<Integer> out = new ArrayList<>();
      assertTrue(it.hasNext());
      assertTrue(it.hasNext(), "hasNext twice does not skip an item");
      out.add(it.next());
      out.add(it.next());
      assertThrows(java.util.NoSuchElementException.class, it::next);
      return out;
    });
    assertEquals(List.of(1, 2), Futures.blockOn(f));
  }
}
