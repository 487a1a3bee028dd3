package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker that does not hold the driver sleeps on its own until unparked, or no longer than
 * the longest sleep it asked for (a worker keeping a spare run-queue array wakes to drop it).
 * The driver lock is held by the test, so every park here takes the sleeper's path.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParkerMaxSleepTest {
  private final ReentrantLock driverLock = new ReentrantLock();
  private final Parker parker =
      new Parker(0, null, null, driverLock, new Parker.DriverSleep(), "test");

  /** Parks on another thread (the test holds the driver lock); returns the nanoseconds slept. */
  private CompletableFuture<Long> parkElsewhere(long maxSleepNanos) {
    return CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      parker.park(Driver.FOREVER, () -> false, Driver.FOREVER, maxSleepNanos);
      return System.nanoTime() - start;
    }, r -> new Thread(r).start());
  }

  @Test
  void aSleeperWithALongestSleepWakesByItselfAfterIt() throws Exception {
    driverLock.lock();
    try {
      long slept = parkElsewhere(50_000_000L).get(20, TimeUnit.SECONDS);
      assertTrue(slept >= 45_000_000L, "slept " + slept + " ns");
      assertFalse(parker.lastWakeWasUnpark(), "a timeout is not an unpark");
    } finally {
      driverLock.unlock();
    }
  }

  @Test
  void aSleeperWithALongestSleepIsStillWokenByAnUnpark() throws Exception {
    driverLock.lock();
    try {
      CompletableFuture<Long> slept = parkElsewhere(30_000_000_000L);
      Thread.sleep(50);
      parker.unpark();
      assertTrue(slept.get(20, TimeUnit.SECONDS) < 20_000_000_000L);
      assertTrue(parker.lastWakeWasUnpark());
    } finally {
      driverLock.unlock();
    }
  }

  @Test
  void anUnparkThatCameFirstEndsTheNextSleepAtOnce() throws Exception {
    driverLock.lock();
    try {
      parker.unpark();
      long slept = parkElsewhere(30_000_000_000L).get(20, TimeUnit.SECONDS);
      assertTrue(slept < 10_000_000_000L, "slept " + slept + " ns");
      long again = parkElsewhere(20_000_000L).get(20, TimeUnit.SECONDS);
      assertTrue(again >= 15_000_000L, "the notification was taken once: " + again + " ns");
    } finally {
      driverLock.unlock();
    }
  }

  @Test
  void anUnparkRacingTheTimeoutIsNeverLost() throws Exception {
    driverLock.lock();
    try {
      for (int i = 0; i < 2_000; i++) {
        CompletableFuture<Long> slept = parkElsewhere(20_000L); // 20 µs: races the unpark below
        parker.unpark();
        slept.get(20, TimeUnit.SECONDS);
        if (!parker.lastWakeWasUnpark()) {
          // It timed out first: the notification waits for the next sleep, which it ends.
          long next = parkElsewhere(30_000_000_000L).get(20, TimeUnit.SECONDS);
          assertTrue(next < 10_000_000_000L, "a notification was lost");
        }
      }
    } finally {
      driverLock.unlock();
    }
  }
}
