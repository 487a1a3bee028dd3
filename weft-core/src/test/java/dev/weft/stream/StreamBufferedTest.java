package dev.weft.stream;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import dev.weft.test.ManualStream;
import dev.weft.test.MockStream;
import dev.weft.test.MockTask;
import dev.weft.test.YieldingFuture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** buffered, bufferUnordered and forEachConcurrent: order, the in-flight limit, first failure. */
class StreamBufferedTest {

  /** Futures made by a combinator, by item. */
  private static final class Made {
    final List<ManualFuture<Integer>> futures = new ArrayList<>();

    Future<Integer> make(int item) {
      ManualFuture<Integer> f = new ManualFuture<>("f" + item);
      futures.add(f);
      return f;
    }
  }

  @Test
  void bufferedKeepsInputOrderWhileItsFuturesFinishOutOfOrder() {
    Made made = new Made();
    ManualStream<Integer> source = ManualStream.<Integer>with(0, 1, 2, 3, 4, 5, 6, 7).end();
    MockStream<Integer> s = MockStream.of(source.buffered(3, made::make));
    s.assertPending();
    assertEquals(3, made.futures.size(), "buffered starts n futures at once");
    made.futures.get(2).complete(20);
    made.futures.get(1).complete(10);
    s.assertPending(); // 0 is not done: 10 and 20 wait, and count toward the limit
    assertEquals(3, made.futures.size());
    made.futures.get(0).complete(0);
    assertTrue(s.isWoken());
    assertEquals(List.of(0, 10, 20), List.of(s.assertNext(), s.assertNext(), s.assertNext()));
    s.assertPending();
    assertEquals(6, made.futures.size(), "three places freed: three more futures");
    made.futures.get(5).complete(50);
    made.futures.get(4).complete(40);
    s.assertPending();
    made.futures.get(3).complete(30);
    assertEquals(List.of(30, 40, 50), List.of(s.assertNext(), s.assertNext(), s.assertNext()));
    s.assertPending();
    made.futures.get(7).complete(70);
    made.futures.get(6).complete(60);
    assertEquals(List.of(60, 70), List.of(s.assertNext(), s.assertNext()));
    s.assertEnd();
  }

  @Test
  void bufferedWithRandomCompletionOrderMatchesTheInput() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      int n = 1 + random.nextInt(5);
      assertInputOrderWhateverTheCompletionOrder(n, 30,
          running -> random.nextInt(running.size()));
    }
  }

  @Test
  void bufferedWithAVeryLargeLimitRunsWithoutReservingRoomForItUpFront() {
    // Any n >= 1 is a valid limit; a huge one means "as many as the input gives", and must not
    // cost memory in proportion to n before a single future runs.
    assertEquals(List.of(1, 2, 3), Futures.blockOn(Streams.of(1, 2, 3)
        .buffered(Integer.MAX_VALUE, Futures::ready).collectList()));
    Made made = new Made();
    MockStream<Integer> s = MockStream.of(Streams.fromIterable(StreamCombinatorsTest.range(0, 39))
        .buffered(Integer.MAX_VALUE, made::make));
    s.assertPending();
    assertEquals(40, made.futures.size());
    for (int i = 1; i < 40; i++) { // all but the first: every value waits for it
      made.futures.get(i).complete(i);
      s.assertPending();
    }
    made.futures.get(0).complete(0);
    assertEquals(StreamCombinatorsTest.range(0, 39), s.drain(100));
  }

  @Test
  void bufferedWithALargeLimitKeepsInputOrderUnderRandomCompletion() {
    Random random = new Random(4242);
    for (int round = 0; round < 10; round++) {
      int n = 17 + random.nextInt(90);
      assertInputOrderWhateverTheCompletionOrder(n, 400, running -> {
        // Mostly the latest ones first, so values wait far ahead of the next to give.
        int k = running.size() - 1 - Math.min(running.size() - 1, random.nextInt(3));
        return random.nextInt(4) == 0 ? random.nextInt(running.size()) : k;
      });
    }
  }

  /**
   * Runs {@code buffered(n)} over 0..last, and whenever it is pending completes the running
   * future {@code pick} chooses (an index into the running ones, oldest first): never more than
   * n run at once, every completion wakes the stream, and the values come in input order.
   */
  private static void assertInputOrderWhateverTheCompletionOrder(int n, int last,
      ToIntFunction<List<ManualFuture<Integer>>> pick) {
    Made made = new Made();
    List<Integer> input = StreamCombinatorsTest.range(0, last);
    MockStream<Integer> s = MockStream.of(Streams.fromIterable(input).buffered(n, made::make));
    List<Integer> out = new ArrayList<>();
    Set<ManualFuture<Integer>> completed = new HashSet<>();
    while (out.size() < input.size()) {
      var p = s.poll();
      if (p.isReady()) {
        out.add(p.value().orElseThrow());
        continue;
      }
      assertTrue(made.futures.size() - out.size() <= n, "more than n in flight");
      List<ManualFuture<Integer>> running = new ArrayList<>();
      for (var f : made.futures) {
        if (!completed.contains(f)) {
          running.add(f);
        }
      }
      ManualFuture<Integer> chosen = running.get(pick.applyAsInt(running));
      completed.add(chosen);
      chosen.complete(made.futures.indexOf(chosen));
      assertTrue(s.isWoken());
    }
    assertEquals(input, out);
    s.assertEnd();
  }

  @Test
  void bufferUnorderedGivesValuesInCompletionOrder() {
    Made made = new Made();
    MockStream<Integer> s = MockStream.of(Streams.of(0, 1, 2, 3).bufferUnordered(2, made::make));
    s.assertPending();
    assertEquals(2, made.futures.size());
    made.futures.get(1).complete(1);
    assertTrue(s.isWoken());
    assertEquals(1, s.assertNext());
    s.assertPending();
    assertEquals(3, made.futures.size(), "a finished future frees its place at once");
    made.futures.get(2).complete(2);
    made.futures.get(0).complete(0);
    assertEquals(Set.of(0, 2), Set.of(s.assertNext(), s.assertNext()));
    s.assertPending();
    made.futures.get(3).complete(3);
    assertEquals(3, s.assertNext());
    s.assertEnd();
  }

  @Test
  void bufferUnorderedNeverRunsMoreThanN() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    Random random = new Random(7);
    List<Integer> out = Futures.blockOn(Streams.fromIterable(StreamCombinatorsTest.range(1, 300))
        .bufferUnordered(5, i -> tracked(inFlight, max, random.nextInt(4), i))
        .collectList());
    assertEquals(300, out.size());
    assertEquals(new HashSet<>(StreamCombinatorsTest.range(1, 300)), new HashSet<>(out));
    assertEquals(5, max.get());
  }

  @Test
  void forEachConcurrentNeverHasMoreThanLimitInFlight() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Random random = new Random(3);
      Future<Void> all = Streams.fromIterable(StreamCombinatorsTest.range(1, 500)).forEachConcurrent(7, i -> {
        // Each item waits for a completion from another thread, in random order.
        ManualFuture<Integer> gate = new ManualFuture<>();
        int delayMicros = random.nextInt(300);
        return async(() -> {
          int now = inFlight.incrementAndGet();
          max.accumulateAndGet(now, Math::max);
          try {
            pool.execute(() -> {
              sleepMicros(delayMicros);
              gate.complete(i);
            });
            gate.await();
            done.incrementAndGet();
            return null;
          } finally {
            inFlight.decrementAndGet();
          }
        });
      });
      Futures.blockOn(all);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertEquals(500, done.get());
    assertEquals(0, inFlight.get());
    assertTrue(max.get() <= 7, "in flight at once: " + max.get());
    assertEquals(7, max.get(), "the limit should have been reached");
  }

  @Test
  void forEachConcurrentStopsAtTheFirstFailureAndCancelsWhatIsInFlight() {
    ManualStream<Integer> source = ManualStream.<Integer>with(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).end();
    List<ManualFuture<Integer>> gates = new ArrayList<>();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finallies = new AtomicInteger();
    List<Integer> cancelledItems = Collections.synchronizedList(new ArrayList<>());
    MockTask<Void> task = MockTask.of(source.forEachConcurrent(4, i -> {
      ManualFuture<Integer> gate = new ManualFuture<>("gate" + i);
      gates.add(gate);
      return async(() -> {
        started.incrementAndGet();
        try {
          return gate.await();
        } catch (CancellationException e) {
          cancelledItems.add(i);
          throw e;
        } finally {
          finallies.incrementAndGet();
        }
      });
    }));
    task.assertPending();
    assertEquals(4, started.get());
    gates.get(0).complete(0);
    task.assertPending();
    assertEquals(5, started.get());
    IllegalStateException boom = new IllegalStateException("item 2 failed");
    gates.get(2).fail(boom);
    assertTrue(task.isWoken());
    assertSame(boom, task.assertFails());
    assertEquals(5, started.get(), "nothing starts after the failure");
    assertEquals(5, finallies.get(), "every started block ran its finally");
    assertEquals(Set.of(1, 3, 4), new HashSet<>(cancelledItems), "the ones in flight were cancelled");
    assertTrue(gates.get(1).isCancelled() && gates.get(3).isCancelled() && gates.get(4).isCancelled());
    assertTrue(source.isCancelled());
  }

  @Test
  void forEachConcurrentStopsWhenTheStreamFails() {
    ManualFuture<Integer> gate = new ManualFuture<>();
    AtomicInteger finallies = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("stream failed");
    ManualStream<Integer> source = ManualStream.with(1);
    MockTask<Void> task = MockTask.of(source.forEachConcurrent(3, i -> async(() -> {
      try {
        return gate.await();
      } finally {
        finallies.incrementAndGet();
      }
    })));
    task.assertPending();
    source.fail(boom);
    assertSame(boom, task.assertFails());
    assertTrue(gate.isCancelled());
    assertEquals(1, finallies.get());
  }

  @Test
  void forEachConcurrentOfAnEmptyStreamCompletesAtOnce() {
    assertEquals(null, Futures.blockOn(Streams.empty().forEachConcurrent(3, Futures::ready)));
  }

  @Test
  void forEachConcurrentAcceptsFuturesOfVoid() {
    AtomicInteger sum = new AtomicInteger();
    Futures.blockOn(Streams.of(1, 2, 3).forEachConcurrent(2, i -> async(() -> {
      sum.addAndGet(i);
      return null;
    })));
    assertEquals(6, sum.get());
  }

  @Test
  void bufferedFailsWithTheFailureOfAFuture() {
    IllegalStateException boom = new IllegalStateException();
    MockStream<Integer> s = MockStream.of(Streams.of(1, 2, 3)
        .buffered(2, i -> i == 2 ? Futures.failed(boom) : Futures.ready(i)));
    assertEquals(1, s.assertNext());
    assertSame(boom, s.assertFails());
    assertFalse(s.isWoken());
  }

  private static Future<Integer> tracked(AtomicInteger inFlight, AtomicInteger max, int yields, int value) {
    return async(() -> {
      max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        return YieldingFuture.after(yields, value).await();
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  private static void sleepMicros(int micros) {
    long end = System.nanoTime() + micros * 1000L;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
