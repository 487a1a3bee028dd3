package dev.weft.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** FuturesUnordered: completion order, the ready-to-run queue, end and reuse, concurrent wakes. */
class FuturesUnorderedTest {

  /**
   * A future that counts its polls and is ready once {@link #open} was called; its waker is
   * remembered so the test can wake it at will (from any thread).
   */
  static final class Counted implements Future<Integer> {
    final int id;
    volatile int polls;
    volatile boolean open;
    volatile Waker waker;

    Counted(int id) {
      this.id = id;
    }

    @Override
    public Poll<Integer> poll(Context cx) {
      polls++;
      waker = cx.waker();
      return open ? Poll.ready(id) : Poll.pending();
    }

    void wake() {
      waker.wake();
    }
  }

  @Test
  void givesValuesInCompletionOrder() {
    FuturesUnordered<String> set = new FuturesUnordered<>();
    ManualFuture<String> a = new ManualFuture<>("a");
    ManualFuture<String> b = new ManualFuture<>("b");
    ManualFuture<String> c = new ManualFuture<>("c");
    set.add(a);
    set.add(b);
    set.add(c);
    assertEquals(3, set.size());
    MockStream<String> s = MockStream.of(set);
    s.assertPending();
    b.complete("B");
    assertTrue(s.isWoken());
    assertEquals("B", s.assertNext());
    c.complete("C");
    a.complete("A");
    assertEquals("C", s.assertNext());
    assertEquals("A", s.assertNext());
    s.assertEnd();
    assertTrue(set.isEmpty());
  }

  @Test
  void anEmptySetEndsAndYieldsAgainAfterAnAdd() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    MockStream<Integer> s = MockStream.of(set);
    s.assertEnd();
    set.add(Futures.ready(1));
    assertEquals(1, s.assertNext());
    s.assertEnd();
    ManualFuture<Integer> later = new ManualFuture<>();
    set.add(later);
    s.assertPending();
    later.complete(2);
    assertEquals(2, s.assertNext());
    s.assertEnd();
    assertEquals(Optional.empty(), Futures.blockOn(set.next()));
  }

  @Test
  void addWakesAConsumerThatPolledBefore() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    set.add(new ManualFuture<>());
    MockStream<Integer> s = MockStream.of(set);
    s.assertPending();
    set.add(Futures.ready(5));
    assertTrue(s.isWoken(), "an add must lead to a poll of the new future");
    assertEquals(5, s.assertNext());
  }

  @Test
  void aFailedFutureFailsThePollAndLeavesTheSet() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    IllegalStateException boom = new IllegalStateException();
    ManualFuture<Integer> ok = new ManualFuture<>();
    set.add(Futures.failed(boom));
    set.add(ok);
    MockStream<Integer> s = MockStream.of(set);
    assertSame(boom, s.assertFails());
    assertEquals(1, set.size());
    ok.complete(1);
    assertEquals(1, s.assertNext());
  }

  @Test
  void aNullValueIsRejected() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    set.add(Futures.ready(null));
    assertThrows(NullPointerException.class, () -> Futures.blockOn(set.next()));
    assertThrows(NullPointerException.class, () -> set.add(null));
  }

  @Test
  void cancelCancelsEveryFutureAndEmptiesTheSet() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    List<ManualFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ManualFuture<Integer> f = new ManualFuture<>();
      fs.add(f);
      set.add(f);
    }
    MockStream<Integer> s = MockStream.of(set);
    s.assertPending();
    s.cancel();
    assertTrue(set.isEmpty());
    fs.forEach(f -> assertEquals(1, f.cancelCount()));
    fs.get(0).complete(1); // a wake after the cancel is harmless and polls nothing
    s.assertEnd();
    fs.forEach(f -> assertEquals(1, f.pollCount()));
  }

  @Test
  void aLongLivedSetCancelsOnlyItsLiveFuturesOnceWhateverCameAndWent() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    MockStream<Integer> s = MockStream.of(set);
    List<ManualFuture<Integer>> all = new ArrayList<>();
    Random random = new Random(5);
    int finished = 0;
    for (int round = 0; round < 40; round++) {
      for (int i = 0; i < 50; i++) {
        ManualFuture<Integer> f = new ManualFuture<>();
        all.add(f);
        set.add(f);
      }
      s.assertPending();
      for (int i = 0; i < 45; i++) { // finish most of what is running, in random order
        ManualFuture<Integer> f = all.get(random.nextInt(all.size()));
        if (f.hasWaker()) { // polled at least once; completing it twice is harmless
          f.complete(1);
        }
      }
      Poll<Optional<Integer>> p;
      while ((p = s.poll()).isReady() && p.value().isPresent()) {
        finished++;
      }
    }
    assertEquals(all.size() - finished, set.size());
    set.cancel();
    int cancelled = 0;
    for (ManualFuture<Integer> f : all) {
      cancelled += f.cancelCount();
      assertTrue(f.cancelCount() <= 1);
    }
    assertEquals(all.size() - finished, cancelled, "every live future cancelled once, no finished one");
    assertTrue(set.isEmpty());
    s.assertEnd();
  }

  @Test
  void aFutureThatKeepsWakingItselfDoesNotStarveTheOthersNorHangThePoll() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    set.add(Futures.pollFn(cx -> {
      cx.waker().wake();
      return Poll.pending();
    }));
    ManualFuture<Integer> other = new ManualFuture<>();
    set.add(other);
    MockStream<Integer> s = MockStream.of(set);
    s.assertPending();
    assertTrue(s.isWoken(), "a poll that stops early must ask to be polled again");
    other.complete(7);
    assertEquals(7, s.drainUntilItem(10));
  }

  @Test
  void aHundredThousandFuturesWokenInRandomOrderArePolledOncePerWake() {
    int n = 100_000;
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    List<Counted> all = fill(set, n);
    MockStream<Integer> s = MockStream.of(set);
    s.assertPending();
    assertFalse(s.isWoken());
    all.forEach(c -> assertEquals(1, c.polls));

    // Wake half of them (twice each: two wakes before a poll are one poll), in random order.
    List<Counted> order = new ArrayList<>(all);
    Collections.shuffle(order, new Random(11));
    boolean[] wokenEarly = new boolean[n];
    List<Counted> half = List.copyOf(order.subList(0, n / 2));
    half.forEach(c -> wokenEarly[c.id] = true);
    half.forEach(Counted::wake);
    half.forEach(Counted::wake);
    assertTrue(s.isWoken());
    s.assertPending();
    for (int i = 0; i < n; i++) {
      assertEquals(i < n / 2 ? 2 : 1, order.get(i).polls, "only woken futures are polled, once per wake");
    }

    // Open and wake all in random order: they come out in that order, each polled once more.
    Collections.shuffle(order, new Random(12));
    for (Counted c : order) {
      c.open = true;
      c.wake();
    }
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(s.assertNext());
    }
    s.assertEnd();
    for (int i = 0; i < n; i++) {
      Counted c = order.get(i);
      assertEquals(c.id, out.get(i), "completion order is wake order here");
      assertEquals(wokenEarly[c.id] ? 3 : 2, c.polls, "polled once per wake");
    }
  }

  @Test
  void concurrentWakesFromSeveralThreadsLoseNothingAndAlwaysWakeTheConsumer() {
    int rounds = 150;
    int n = 2_000;
    int threads = 4;
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int round = 0; round < rounds; round++) {
        FuturesUnordered<Integer> set = new FuturesUnordered<>();
        List<Counted> all = fill(set, n);
        // The first poll registers every future's waker; then the wakers race the consumer.
        Futures.blockOn(Futures.pollFn(cx -> {
          set.pollNext(cx);
          return Poll.ready(null);
        }));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> wakers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<Counted> mine = new ArrayList<>();
          for (int i = t; i < n; i += threads) {
            mine.add(all.get(i));
          }
          // Every future is also woken spuriously by a neighbour thread, to race the CAS.
          List<Counted> neighbours = new ArrayList<>();
          for (int i = (t + 1) % threads; i < n; i += threads) {
            neighbours.add(all.get(i));
          }
          Collections.shuffle(mine, new Random(round * 31L + t));
          Thread th = new Thread(() -> {
            awaitQuietly(go);
            for (int i = 0; i < mine.size(); i++) {
              Counted c = mine.get(i);
              c.open = true;
              c.wake();
              neighbours.get(i % neighbours.size()).wake();
            }
          });
          th.start();
          wakers.add(th);
        }
        go.countDown();
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        long count = Futures.blockOn(set.map(i -> {
          seen.incrementAndGet(i);
          return i;
        }).count());
        for (Thread th : wakers) {
          th.join();
        }
        assertEquals(n, count);
        for (int i = 0; i < n; i++) {
          assertEquals(1, seen.get(i), "value " + i + " seen once");
        }
      }
    });
  }

  /** Adds n counted futures (ids 0 .. n-1) to the set; returns them. */
  private static List<Counted> fill(FuturesUnordered<Integer> set, int n) {
    List<Counted> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Counted c = new Counted(i);
      all.add(c);
      set.add(c);
    }
    return all;
  }

  /** Waits for the start signal; a thread that cannot (timed out, interrupted) fails loudly. */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("the start signal never came");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted before the start signal", e);
    }
  }
}
