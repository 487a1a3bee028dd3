package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.future.Poll;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker's ring grows when a push finds it full, instead of moving half of it through the
 * injection queue, overflows only at its largest size, and goes back to its first size when its
 * owner finds it empty before parking, once a while has passed since it last grew.
 * Thieves read the array the owner publishes: across every growth and shrink, each task is taken
 * exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalQueueGrowthTest {
  /** At most this long the stress case runs, for a loaded machine (about 2 s here). */
  private static final long MAX_NANOS = 10_000_000_000L;

  @Test
  void aBurstLargerThanTheRingGrowsItAndNothingGoesToTheInjectionQueue() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      List<RawTask<?>> burst = RuntimeTesting.neverReadyTasks(rt, 10_000);
      LocalQueue ring = new LocalQueue(LocalQueue.MAX_CAPACITY, 0);
      InjectQueue inject = new InjectQueue();
      assertEquals(LocalQueue.INITIAL_CAPACITY, ring.capacity());
      for (RawTask<?> t : burst) {
        ring.push(t, inject);
      }
      assertEquals(0, inject.size(), "nothing overflowed");
      assertEquals(16_384, ring.capacity(), "doubled until the burst fit");
      assertEquals(10_000, ring.size());
      for (RawTask<?> t : burst) {
        assertSame(t, ring.pop(), "first in, first out across the growths");
      }
      assertNull(ring.pop());
      ring.clearTakenSlots();
      assertEquals(LocalQueue.INITIAL_CAPACITY, ring.capacity(), "back to its first size");
    }
  }

  @Test
  void aRingThatIsNotEmptyKeepsItsSizeWhenItsOwnerLooksBeforeParking() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      LocalQueue ring = new LocalQueue();
      InjectQueue inject = new InjectQueue();
      for (RawTask<?> t : RuntimeTesting.neverReadyTasks(rt, 1_000)) {
        ring.push(t, inject);
      }
      ring.clearTakenSlots();
      assertEquals(1_024, ring.capacity());
      assertEquals(1_000, ring.size());
    }
  }

  @Test
  void anEmptyRingKeepsTheSizeItGrewToForAWhileThenGoesBack() throws Exception {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      LocalQueue ring = new LocalQueue(LocalQueue.MAX_CAPACITY, 300_000_000L);
      InjectQueue inject = new InjectQueue();
      assertEquals(Driver.FOREVER, ring.nanosUntilShrink(), "a ring at its first size");
      List<RawTask<?>> burst = RuntimeTesting.neverReadyTasks(rt, 5_000);
      for (RawTask<?> t : burst) {
        ring.push(t, inject);
      }
      while (ring.pop() != null) {
        // empty it
      }
      ring.clearTakenSlots();
      assertEquals(8_192, ring.capacity(), "kept: the next burst would grow it again");
      long wait = ring.nanosUntilShrink();
      assertTrue(wait > 0 && wait <= 300_000_000L, "until the shrink: " + wait);
      for (RawTask<?> t : burst) {
        ring.push(t, inject);
      }
      assertEquals(8_192, ring.capacity(), "the next burst fits without growing");
      for (RawTask<?> t : burst) {
        assertSame(t, ring.pop());
      }
      Thread.sleep(350);
      assertEquals(0, ring.nanosUntilShrink());
      ring.clearTakenSlots();
      assertEquals(LocalQueue.INITIAL_CAPACITY, ring.capacity(), "back to its first size");
      assertEquals(Driver.FOREVER, ring.nanosUntilShrink());
    }
  }

  /**
   * A worker whose ring a burst grew goes back to a ring of the first size once it has slept
   * past the delay: its sleep ends by then, with nothing to wake it.
   */
  @Test
  void aSleepingWorkerPutsItsGrownRingBackToItsFirstSize() throws Exception {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build()) {
      int n = 50_000;
      AtomicInteger ran = new AtomicInteger();
      rt.blockOn(rt.spawn(Futures.pollFn(cx -> {
        for (int i = 0; i < n; i++) { // one poll: the ring of this worker takes them all
          Task.spawn(Futures.pollFn(c -> {
            ran.incrementAndGet();
            return Poll.ready(null);
          }));
        }
        return Poll.ready(null);
      })));
      Worker[] workers = ((MultiThreadScheduler) rt.scheduler()).workers;
      int grown = maxCapacity(workers);
      RuntimeTesting.eventually("every task ran and every ring is back at its first size",
          () -> ran.get() == n && maxCapacity(workers) == LocalQueue.INITIAL_CAPACITY);
      assertTrue(grown > LocalQueue.INITIAL_CAPACITY, "the burst grew a ring: " + grown);
    }
  }

  private static int maxCapacity(Worker[] workers) {
    int max = 0;
    for (Worker w : workers) {
      max = Math.max(max, w.queue.capacityRacy());
    }
    return max;
  }

  @Test
  void aRingAtItsLargestSizeOverflowsHalfOfItAndTheNewTaskIntoTheInjectionQueue() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      List<RawTask<?>> burst = RuntimeTesting.neverReadyTasks(rt, 513);
      LocalQueue ring = new LocalQueue(512, 0);
      InjectQueue inject = new InjectQueue();
      for (RawTask<?> t : burst) {
        ring.push(t, inject);
      }
      assertEquals(512, ring.capacity());
      assertEquals(257, inject.size(), "the older half and the new task");
      assertEquals(256, ring.size());
      for (int i = 0; i < 256; i++) {
        assertSame(burst.get(i), inject.pop());
      }
      assertSame(burst.get(512), inject.pop());
      for (int i = 256; i < 512; i++) {
        assertSame(burst.get(i), ring.pop());
      }
    }
  }

  @Test
  void theLargestSizeMustBeAPowerOfTwoNoSmallerThanTheFirst() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LocalQueue(300, 0));
    assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LocalQueue(128, 0));
  }

  /**
   * The owner pushes bursts of up to 6,000 tasks (growing the ring to 8,192 slots), pops some,
   * and shrinks the ring whenever it finds it empty, while two thieves steal half of it at a
   * time and run what they took. Every task taken is pushed again later.
   */
  @Test
  void thievesTakeEveryTaskExactlyOnceWhileTheRingGrowsAndShrinks() throws Exception {
    stress(0); // shrinks whenever the owner finds it empty
  }

  /** As above, with a ring that keeps its size once grown (thieves read one large array). */
  @Test
  void thievesTakeEveryTaskExactlyOnceFromARingThatKeepsItsSize() throws Exception {
    stress(60_000_000_000L);
  }

  private static void stress(long shrinkAfterNanos) throws Exception {
    long deadline = System.nanoTime() + MAX_NANOS;
    int count = 12_000;
    long target = 3_000_000;
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      List<RawTask<?>> all = RuntimeTesting.neverReadyTasks(rt, count);
      Map<RawTask<?>, Integer> index = new IdentityHashMap<>();
      for (int i = 0; i < count; i++) {
        index.put(all.get(i), i);
      }
      LocalQueue victim = new LocalQueue(LocalQueue.MAX_CAPACITY, shrinkAfterNanos);
      InjectQueue inject = new InjectQueue();
      ConcurrentLinkedQueue<RawTask<?>> returned = new ConcurrentLinkedQueue<>(all);
      AtomicIntegerArray queued = new AtomicIntegerArray(count); // 1 while in a ring
      AtomicLong pushed = new AtomicLong();
      AtomicLong taken = new AtomicLong();
      AtomicLong stolen = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> thieves = new ArrayList<>();
      for (int k = 0; k < 2; k++) {
        thieves.add(new Thread(() -> {
          LocalQueue own = new LocalQueue(LocalQueue.MAX_CAPACITY, 0);
          while (!stop.get()) {
            RawTask<?> t = victim.stealInto(own);
            if (t == null) {
              Thread.onSpinWait();
              continue;
            }
            for (; t != null; t = own.pop()) {
              if (queued.getAndSet(index.get(t), 0) != 1) {
                failure.compareAndSet(null, new AssertionError("a task taken twice (thief)"));
              }
              stolen.incrementAndGet();
              taken.incrementAndGet();
              returned.add(t);
            }
            own.clearTakenSlots();
          }
        }));
      }
      thieves.forEach(Thread::start);
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      ArrayDeque<RawTask<?>> free = new ArrayDeque<>();
      int grownTo = LocalQueue.INITIAL_CAPACITY;
      while (taken.get() < target && failure.get() == null && System.nanoTime() - deadline < 0) {
        for (RawTask<?> t; (t = returned.poll()) != null; ) {
          free.add(t);
        }
        int burst = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(6_000) : 1 + rnd.nextInt(64);
        for (int i = 0; i < burst && !free.isEmpty(); i++) {
          RawTask<?> t = free.poll();
          if (queued.getAndSet(index.get(t), 1) != 0) {
            failure.compareAndSet(null, new AssertionError("a queued task pushed again"));
          }
          pushed.incrementAndGet();
          victim.push(t, inject);
        }
        grownTo = Math.max(grownTo, victim.capacity());
        int pops = rnd.nextInt(burst + 32);
        for (int i = 0; i < pops; i++) {
          RawTask<?> t = victim.pop();
          if (t == null) {
            break;
          }
          if (queued.getAndSet(index.get(t), 0) != 1) {
            failure.compareAndSet(null, new AssertionError("a task taken twice (owner)"));
          }
          taken.incrementAndGet();
          free.add(t);
        }
        if (victim.isEmpty()) {
          victim.clearTakenSlots();
          if (victim.isEmpty()) { // no thief can add: the ring is the owner's to look at
            List<RawTask<?>> left = new ArrayList<>();
            victim.forEachSlotForTest(left::add);
            boolean shrunk =
                shrinkAfterNanos > 0 || victim.capacity() == LocalQueue.INITIAL_CAPACITY;
            if (!shrunk || !left.isEmpty()) {
              failure.compareAndSet(null, new AssertionError("an empty ring kept "
                  + victim.capacity() + " slots and " + left.size() + " tasks"));
            }
          }
        }
      }
      stop.set(true);
      for (Thread t : thieves) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
      for (RawTask<?> t; (t = victim.pop()) != null; ) {
        assertEquals(1, queued.getAndSet(index.get(t), 0), "a task taken twice at the end");
        taken.incrementAndGet();
      }
      assertEquals(0, inject.size(), "the ring grew instead of overflowing");
      assertEquals(pushed.get(), taken.get(), "tasks pushed and taken");
      assertTrue(grownTo >= 4_096, "the ring grew: " + grownTo);
      assertTrue(stolen.get() > 0, "thieves took some");
    }
  }
}
