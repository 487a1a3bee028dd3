package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inject queue's batch pop walks its batch before it takes the lock and keeps the walk only
 * if no task left the queue meanwhile. Here two threads push batches and single tasks while two
 * pop batches of every size and single tasks, and every popped task is pushed again later (with
 * 12 tasks in all, the same few come back to the head all the time): no task is lost, none is
 * popped twice, a popped task keeps no link, and the queue ends empty.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InjectQueueBatchPopStressTest {
  /** At most this long a case, for a loaded machine (about 1 s for either case here). */
  private static final long MAX_NANOS = 10_000_000_000L;

  @Test
  void aLongQueue() throws Exception {
    run(2_048, 1_000_000);
  }

  @Test
  void aQueueOfAFewTasksThatComeBackToItsHeadOften() throws Exception {
    run(12, 3_000_000);
  }

  private static void run(int tasks, long pops) throws Exception {
    long deadline = System.nanoTime() + MAX_NANOS;
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      Map<RawTask<?>, Integer> index = new IdentityHashMap<>();
      ConcurrentLinkedQueue<RawTask<?>> free = new ConcurrentLinkedQueue<>();
      List<RawTask<?>> all = RuntimeTesting.neverReadyTasks(rt, tasks);
      for (int i = 0; i < tasks; i++) {
        index.put(all.get(i), i);
      }
      free.addAll(all);
      InjectQueue inject = new InjectQueue();
      AtomicIntegerArray queued = new AtomicIntegerArray(tasks); // 1 while in the inject queue
      AtomicLong pushed = new AtomicLong();
      AtomicLong popped = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        threads.add(new Thread(() -> {
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          while (popped.get() < pops && failure.get() == null
              && System.nanoTime() - deadline < 0) {
            int k = rnd.nextInt(4) == 0 ? 1 : 1 + rnd.nextInt(Math.min(130, tasks));
            RawTask<?> first = null;
            RawTask<?> last = null;
            int n = 0;
            for (RawTask<?> t; n < k && (t = free.poll()) != null; n++) {
              if (queued.getAndSet(index.get(t), 1) != 0) {
                failure.compareAndSet(null, new AssertionError("a free task was queued"));
              }
              if (first == null) {
                first = t;
              } else {
                last.queueNext = t;
              }
              last = t;
            }
            if (n == 0) {
              Thread.yield(); // 4 threads on as few as 2 cores: let a popper run
              continue;
            }
            pushed.addAndGet(n);
            if (n == 1 && rnd.nextBoolean()) {
              inject.push(first);
            } else {
              inject.pushBatch(first, last, n);
            }
          }
        }));
        threads.add(new Thread(() -> {
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          LocalQueue ring = new LocalQueue();
          while (popped.get() < pops && failure.get() == null
              && System.nanoTime() - deadline < 0) {
            RawTask<?> t = rnd.nextInt(4) == 0
                ? inject.pop() : inject.popBatch(1 + rnd.nextInt(Math.min(128, tasks)), ring);
            if (t == null) {
              Thread.yield();
            }
            for (; t != null; t = ring.pop()) {
              if (t.queueNext != null) {
                failure.compareAndSet(null, new AssertionError("a popped task kept its link"));
              }
              if (queued.getAndSet(index.get(t), 0) != 1) {
                failure.compareAndSet(null, new AssertionError("a task popped twice"));
              }
              popped.incrementAndGet();
              free.add(t);
            }
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
      LocalQueue ring = new LocalQueue();
      for (RawTask<?> t = inject.popBatch(128, ring); t != null; t = inject.popBatch(128, ring)) {
        for (; t != null; t = ring.pop()) {
          assertEquals(1, queued.getAndSet(index.get(t), 0), "a task popped twice at the end");
          popped.incrementAndGet();
          free.add(t);
        }
      }
      assertEquals(0, inject.size());
      assertEquals(pushed.get(), popped.get(), "tasks pushed and popped");
      assertEquals(tasks, free.size(), "every task back in the free pool");
    }
  }
}
