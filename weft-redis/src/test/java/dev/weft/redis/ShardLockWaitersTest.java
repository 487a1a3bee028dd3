package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Waker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A shard's lock for connections that must not wait on it ({@code Keyspace.Shard
 * #tryLockOrWait}): a try that fails registers a waker, and the next unlock wakes it. The race
 * to get right is an unlock that falls between the failed try and the registration; the second
 * try after registering closes it. Each round here has exactly one unlock for the waiter to
 * race against: the holder takes the lock, lets the waiter try, spins a random while, unlocks,
 * and waits for the waiter to get the lock and finish. A lost wake-up leaves the waiter with
 * nothing more to wake it. The shard there does not spin, so that every failed first try goes
 * on to register; the spin itself is checked apart.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShardLockWaitersTest {
  private static final int ROUNDS = 100_000;

  @Test
  void everyFailedTryIsFollowedByAWakeUp() throws Exception {
    Keyspace.Shard shard = new Keyspace.Shard(0);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger started = new AtomicInteger(-1);
    AtomicInteger finished = new AtomicInteger(-1);
    long[] guarded = new long[1]; // incremented under the lock by both threads
    Thread holder = new Thread(() -> {
      for (int r = 0; r < ROUNDS && failure.get() == null; r++) {
        shard.lock.lock();
        guarded[0]++;
        started.set(r);
        for (int spin = ThreadLocalRandom.current().nextInt(64); spin > 0; spin--) {
          Thread.onSpinWait();
        }
        shard.unlock();
        while (finished.get() != r && failure.get() == null) {
          Thread.onSpinWait();
        }
      }
    });
    Semaphore woken = new Semaphore(0);
    Waker waker = woken::release;
    int[] waits = new int[1];
    Thread waiter = new Thread(() -> {
      try {
        for (int r = 0; r < ROUNDS; r++) {
          while (started.get() != r) {
            Thread.onSpinWait();
          }
          woken.drainPermits(); // every wake-up of the last round came before its end
          while (!shard.tryLockOrWait(waker)) {
            waits[0]++;
            if (!woken.tryAcquire(10, TimeUnit.SECONDS)) {
              throw new AssertionError("no wake-up after a failed try (round " + r + ")");
            }
          }
          guarded[0]++;
          shard.unlock();
          finished.set(r);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    holder.start();
    waiter.start();
    holder.join();
    waiter.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    shard.lock.lock();
    try {
      assertEquals(2L * ROUNDS, guarded[0], "an increment under the lock was lost");
    } finally {
      shard.unlock();
    }
    assertTrue(waits[0] > ROUNDS / 10, "the waiter found the lock taken in only " + waits[0]
        + " rounds: the race was not exercised");
  }

  /**
   * A lock its holder frees while the try spins is taken by that try, with no waker left
   * registered; one held past the spin registers the waker, and the unlock wakes it.
   */
  @Test
  void aLockFreedWithinTheSpinIsTakenWithoutWaiting() throws Exception {
    Keyspace.Shard shard = new Keyspace.Shard(Integer.MAX_VALUE); // spins until it is free
    AtomicInteger wakes = new AtomicInteger();
    Waker waker = wakes::incrementAndGet;
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      shard.lock.lock();
      held.countDown();
      try {
        release.await();
        Thread.sleep(20); // the try below is spinning by now
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      shard.unlock();
    });
    holder.start();
    held.await();
    release.countDown();
    assertTrue(shard.tryLockOrWait(waker), "the spin did not take the freed lock");
    shard.unlock();
    holder.join();
    assertEquals(0, wakes.get(), "a try that took the lock in its spin left a waker behind");

    Keyspace.Shard noSpin = new Keyspace.Shard(0);
    noSpin.lock.lock();
    boolean[] got = new boolean[1];
    Thread other = new Thread(() -> got[0] = noSpin.tryLockOrWait(waker));
    other.start();
    other.join();
    assertTrue(!got[0], "a lock held by another thread was taken");
    noSpin.unlock();
    assertEquals(1, wakes.get(), "the unlock did not wake the registered waiter");
  }
}
