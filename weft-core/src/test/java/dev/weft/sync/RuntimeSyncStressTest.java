package dev.weft.sync;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The sync stress tests on the real multi-thread runtime (4 workers, so tasks run on different
 * threads at once): 4 producer tasks × 1,000,000 messages through one channel of capacity 1,024
 * (nothing lost, nothing duplicated, each producer's order kept), and a Mutex held across awaits
 * by 8 tasks doing 100,000 increments in all.
 */
class RuntimeSyncStressTest {
  private static final int PRODUCERS = 4;
  private static final int PER_PRODUCER = 1_000_000;

  @Test
  void fourMillionMessagesThroughCapacity1024ArriveOnceAndInProducerOrder() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(4).build()) {
        long[] next = rt.blockOn(rt.spawn(async(() -> {
          Mpsc.Channel<Long> ch = Mpsc.bounded(1024);
          List<JoinHandle<Void>> producers = new ArrayList<>();
          for (int p = 0; p < PRODUCERS; p++) {
            long producer = p;
            Sender<Long> tx = ch.sender().clone();
            producers.add(Task.spawn(async(() -> {
              try (tx) {
                for (long i = 0; i < PER_PRODUCER; i++) {
                  tx.send(producer << 32 | i).await();
                }
              }
              return null;
            })));
          }
          ch.sender().close();
          JoinHandle<long[]> consumer = Task.spawn(async(() -> {
            long[] expected = new long[PRODUCERS];
            Optional<Long> v;
            while ((v = ch.receiver().recv().await()).isPresent()) {
              int producer = (int) (v.get() >>> 32);
              long seq = v.get() & 0xFFFF_FFFFL;
              assertEquals(expected[producer], seq, "producer " + producer + ": lost, duplicated or reordered");
              expected[producer] = seq + 1;
            }
            return expected;
          }));
          for (JoinHandle<Void> h : producers) {
            h.await();
          }
          return consumer.await();
        })));
        for (int p = 0; p < PRODUCERS; p++) {
          assertEquals(PER_PRODUCER, next[p], "producer " + p + " delivered everything");
        }
      }
    });
  }

  @Test
  void aMutexHeldAcrossAwaitsExcludesEightTasksDoingAHundredThousandIncrements() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(4).build()) {
        Mutex<long[]> counter = new Mutex<>(new long[1]);
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        rt.blockOn(rt.spawn(async(() -> {
          List<JoinHandle<Void>> tasks = new ArrayList<>();
          for (int t = 0; t < 8; t++) {
            tasks.add(Task.spawn(async(() -> {
              for (int i = 0; i < 12_500; i++) {
                try (Mutex.Guard<long[]> g = counter.lock().await()) {
                  if (inside.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                  }
                  long v = g.get()[0];
                  if (i % 100 == 0) {
                    Task.yieldNow().await(); // hold the lock across a suspension
                  }
                  g.get()[0] = v + 1;
                  inside.decrementAndGet();
                }
              }
              return null;
            })));
          }
          for (JoinHandle<Void> h : tasks) {
            h.await();
          }
          return null;
        })));
        assertEquals(0, overlaps.get(), "two tasks held the mutex at once");
        assertEquals(100_000, counter.tryLock().orElseThrow().get()[0]);
      }
    });
  }
}
