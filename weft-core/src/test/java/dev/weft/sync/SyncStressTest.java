package dev.weft.sync;

import static dev.weft.future.Async.asyncRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.test.YieldingFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many threads at once, each driving its own futures with {@link Futures#blockOn} (or an async
 * block under it): nothing lost, nothing duplicated, no order broken, no hang. Every test has a
 * preemptive timeout, so a lost wake-up fails the test instead of stalling the build.
 */
class SyncStressTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /** Runs {@code body(i)} on {@code n} platform threads at once and waits for all; rethrows. */
  private static void onThreads(int n, ThrowingIntConsumer body) throws Throwable {
    List<Thread> threads = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < n; i++) {
      int id = i;
      threads.add(Thread.ofPlatform().name("stress-" + i).start(() -> {
        try {
          start.await();
          body.accept(id);
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    Throwable first = failures.poll();
    if (first != null) {
      for (Throwable other : failures) {
        first.addSuppressed(other); // every thread's failure is shown, not the first only
      }
      throw first;
    }
  }

  @FunctionalInterface
  interface ThrowingIntConsumer {
    void accept(int i) throws Throwable;
  }

  private static void manyProducersThroughASmallChannel(int capacity, int producers, int perProducer) {
    assertTimeoutPreemptively(LIMIT, () -> {
      Mpsc.Channel<Long> ch = Mpsc.bounded(capacity);
      List<Sender<Long>> txs = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        txs.add(ch.sender().clone());
      }
      ch.sender().close();
      long[] nextExpected = new long[producers];
      AtomicLong received = new AtomicLong();
      Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
        Optional<Long> v;
        while ((v = Futures.blockOn(ch.receiver().recv())).isPresent()) {
          long x = v.get();
          int p = (int) (x >>> 32);
          long seq = x & 0xffff_ffffL;
          if (seq != nextExpected[p]) {
            throw new AssertionError("producer " + p + ": expected " + nextExpected[p] + " got " + seq);
          }
          nextExpected[p]++;
          received.incrementAndGet();
        }
      });
      onThreads(producers, p -> {
        Sender<Long> tx = txs.get(p);
        if (p % 2 == 0) {
          // an async block awaiting each send
          Futures.blockOn(asyncRun(() -> {
            for (long i = 0; i < perProducer; i++) {
              tx.send(((long) p << 32) | i).await();
            }
          }));
        } else {
          // a blockOn per send
          for (long i = 0; i < perProducer; i++) {
            Futures.blockOn(tx.send(((long) p << 32) | i));
          }
        }
        tx.close();
      });
      consumer.join();
      assertEquals((long) producers * perProducer, received.get());
      for (int p = 0; p < producers; p++) {
        assertEquals(perProducer, nextExpected[p], "producer " + p);
      }
    });
  }

  @Test
  void manyProducersThroughACapacity16ChannelLoseNothingAndKeepOrder() {
    manyProducersThroughASmallChannel(16, 4, 50_000);
  }

  @Test
  void manyProducersThroughACapacity1ChannelLoseNothingAndKeepOrder() {
    manyProducersThroughASmallChannel(1, 4, 10_000);
  }

  @Test
  void unboundedManyProducersLoseNothing() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Mpsc.Channel<Integer> ch = Mpsc.unbounded();
      int producers = 4;
      int per = 50_000;
      AtomicInteger count = new AtomicInteger();
      long[] sum = new long[1];
      Thread consumer = Thread.ofPlatform().start(() -> {
        Optional<Integer> v;
        while ((v = Futures.blockOn(ch.receiver().recv())).isPresent()) {
          sum[0] += v.get();
          count.incrementAndGet();
        }
      });
      List<Sender<Integer>> txs = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        txs.add(ch.sender().clone());
      }
      ch.sender().close();
      onThreads(producers, p -> {
        try (Sender<Integer> tx = txs.get(p)) {
          for (int i = 1; i <= per; i++) {
            assertTrue(tx.trySend(i));
          }
        }
      });
      consumer.join();
      assertEquals(producers * per, count.get());
      assertEquals((long) producers * per * (per + 1) / 2, sum[0]);
    });
  }

  @Test
  void tenThousandCancelledReceivesInterleavedWithSendsLoseNothing() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Mpsc.Channel<Integer> ch = Mpsc.bounded(4);
      int n = 20_000;
      AtomicInteger cancelled = new AtomicInteger();
      // The producer keeps pace with the cancellations (value i waits for i/2 of them), so at
      // least 10,000 receives are cancelled while sends race with them.
      Thread producer = Thread.ofPlatform().start(() -> {
        try (Sender<Integer> tx = ch.sender()) {
          for (int i = 0; i < n; i++) {
            while (cancelled.get() < i / 2) {
              Thread.onSpinWait();
            }
            Futures.blockOn(tx.send(i));
          }
        }
      });
      Context cx = Context.of(Waker.noop());
      int expected = 0;
      boolean raceNext = false;
      while (true) {
        Optional<Integer> v;
        if (raceNext) {
          // a recv racing a yield: when the yield wins, the race cancels the recv
          v = Futures.blockOn(Futures.race(ch.receiver().recv(), YieldingFuture.after(1, Optional.of(-1))));
          if (v.isPresent() && v.get() == -1) {
            cancelled.incrementAndGet();
            raceNext = false;
            continue;
          }
        } else {
          Future<Optional<Integer>> f = ch.receiver().recv();
          Poll<Optional<Integer>> p = f.poll(cx);
          if (!p.isReady()) {
            f.cancel();
            cancelled.incrementAndGet();
            raceNext = true;
            continue;
          }
          v = p.value();
        }
        if (v.isEmpty()) {
          break;
        }
        assertEquals(expected, v.get(), "a value was lost or reordered around a cancelled recv");
        expected++;
      }
      producer.join();
      assertEquals(n, expected);
      assertTrue(cancelled.get() >= 10_000, "only " + cancelled.get() + " receives were cancelled");
    });
  }

  @Test
  void mutexExcludesAcross100000IncrementsFrom8Threads() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Mutex<long[]> m = new Mutex<>(new long[1]);
      AtomicBoolean inside = new AtomicBoolean();
      AtomicInteger overlaps = new AtomicInteger();
      int threads = 8;
      int per = 12_500;
      onThreads(threads, t -> {
        Futures.blockOn(asyncRun(() -> {
          for (int i = 0; i < per; i++) {
            try (Mutex.Guard<long[]> g = m.lock().await()) {
              if (!inside.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
              }
              long[] c = g.get();
              c[0] = c[0] + 1; // not atomic: only exclusion makes it right
              if ((i & 255) == 0) {
                YieldingFuture.after(1, null).await(); // hold the lock across a suspension
              }
              inside.set(false);
            }
          }
        }));
      });
      assertEquals(0, overlaps.get());
      assertEquals(100_000L, m.tryLock().orElseThrow().get()[0]);
    });
  }

  @Test
  void semaphoreNeverOverGrantsAndCancelledAcquiresLeakNothing() {
    assertTimeoutPreemptively(LIMIT, () -> {
      int permits = 5;
      Semaphore s = new Semaphore(permits);
      AtomicInteger inUse = new AtomicInteger();
      AtomicInteger maxSeen = new AtomicInteger();
      onThreads(6, t -> {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 5_000; i++) {
          int n = 1 + rnd.nextInt(3);
          if (rnd.nextInt(4) == 0) {
            // an acquire that may lose a race against a yield and be cancelled
            Optional<Semaphore.Permit> won = Futures.blockOn(Futures.race(
                s.acquire(n).map(Optional::of), YieldingFuture.after(1, Optional.<Semaphore.Permit>empty())));
            if (won.isEmpty()) {
              continue;
            }
            use(won.get(), n, permits, inUse, maxSeen);
          } else {
            use(Futures.blockOn(s.acquire(n)), n, permits, inUse, maxSeen);
          }
        }
      });
      assertTrue(maxSeen.get() <= permits, "over-granted: " + maxSeen.get());
      assertEquals(permits, s.availablePermits(), "permits leaked");
    });
  }

  private static void use(Semaphore.Permit p, int n, int permits, AtomicInteger inUse, AtomicInteger maxSeen) {
    int now = inUse.addAndGet(n);
    maxSeen.accumulateAndGet(now, Math::max);
    if (now > permits) {
      throw new AssertionError("over-granted: " + now);
    }
    Thread.onSpinWait();
    inUse.addAndGet(-n);
    p.close();
  }

  @Test
  void pingPongOverTwoCapacity1ChannelsNeverHangs() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Mpsc.Channel<Integer> ping = Mpsc.bounded(1);
      Mpsc.Channel<Integer> pong = Mpsc.bounded(1);
      int rounds = 20_000;
      Thread echo = Thread.ofPlatform().start(() -> Futures.blockOn(asyncRun(() -> {
        Optional<Integer> v;
        while ((v = ping.receiver().recv().await()).isPresent()) {
          pong.sender().send(v.get() + 1).await();
        }
        pong.sender().close();
      })));
      for (int i = 0; i < rounds; i++) {
        Futures.blockOn(ping.sender().send(i));
        assertEquals(Optional.of(i + 1), Futures.blockOn(pong.receiver().recv()));
      }
      ping.sender().close();
      assertEquals(Optional.empty(), Futures.blockOn(pong.receiver().recv()));
      echo.join();
    });
  }

  @Test
  void wakeUpRacesOfOneshotNotifyAndWatchNeverHang() {
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int i = 0; i < 5_000; i++) {
        Oneshot.Channel<Integer> ch = Oneshot.channel();
        Notify notify = new Notify();
        Watch.Sender<Integer> w = Watch.channel(0);
        Watch.Receiver<Integer> wr = w.subscribe();
        CancellationToken token = new CancellationToken();
        int v = i;
        Thread other = Thread.ofPlatform().start(() -> {
          ch.sender().send(v);
          notify.notifyOne();
          w.send(v + 1);
          token.cancel();
        });
        assertEquals(v, Futures.blockOn(ch.receiver()));
        Futures.blockOn(notify.notified());
        Futures.blockOn(wr.changed());
        Futures.blockOn(token.cancelled());
        other.join();
      }
    });
  }

  @Test
  void barrierGenerationsUnderContention() {
    assertTimeoutPreemptively(LIMIT, () -> {
      int parties = 4;
      int generations = 2_000;
      Barrier b = new Barrier(parties);
      AtomicInteger leaders = new AtomicInteger();
      onThreads(parties, t -> {
        for (int g = 0; g < generations; g++) {
          if (Futures.blockOn(b.arriveAndWait())) {
            leaders.incrementAndGet();
          }
        }
      });
      assertEquals(generations, leaders.get());
    });
  }

  @Test
  void onceCellInitialisesOnceUnderContention() {
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int round = 0; round < 200; round++) {
        OnceCell<Integer> cell = new OnceCell<>();
        AtomicInteger inits = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger(-1);
        onThreads(4, t -> {
          int v = Futures.blockOn(cell.getOrInit(() -> {
            inits.incrementAndGet();
            return YieldingFuture.after(2, 42);
          }));
          seen.set(v);
        });
        assertEquals(1, inits.get());
        assertEquals(42, seen.get());
      }
    });
  }

  @Test
  void broadcastReceiversSeeEverythingOrALag() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Broadcast.Sender<Integer> tx = Broadcast.channel(64);
      int n = 20_000;
      List<Broadcast.Receiver<Integer>> rxs = List.of(tx.subscribe(), tx.subscribe());
      AtomicBoolean failed = new AtomicBoolean();
      Thread[] readers = new Thread[rxs.size()];
      for (int r = 0; r < readers.length; r++) {
        Broadcast.Receiver<Integer> rx = rxs.get(r);
        readers[r] = Thread.ofPlatform().start(() -> {
          int last = -1;
          while (true) {
            Optional<Integer> v;
            try {
              v = Futures.blockOn(rx.recv());
            } catch (LaggedException lag) {
              assertTrue(lag.skipped() > 0);
              continue;
            }
            if (v.isEmpty()) {
              break;
            }
            if (v.get() <= last) {
              failed.set(true);
            }
            last = v.get();
          }
        });
      }
      for (int i = 0; i < n; i++) {
        tx.send(i);
      }
      tx.close();
      for (Thread t : readers) {
        t.join();
      }
      assertFalse(failed.get(), "a broadcast receiver saw values out of order");
    });
  }
}
