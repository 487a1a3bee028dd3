package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a thief copies the slots it means to take into its own ring before it claims
 * them; when the claim failed (the owner popped meanwhile) or was retried for fewer tasks, the
 * copies stayed beyond the thief's tail, where nothing overwrote them while that worker had
 * little to do, and kept finished tasks (and their join handles) alive. Seen in CI as
 * {@code StolenTaskKeptAliveByVictimRingTest} failing about one run in ten on a loaded machine.
 * Here an owner pops while a thief steals the same few tasks, over and over; after each round
 * the thief has run everything it got, and its ring must hold no task at all.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FailedStealLeftCopiesInThiefRingTest {

  @Test
  void aThiefThatLosesItsClaimKeepsNoCopiesOfTheTasks() throws Exception {
    int rounds = 100_000;
    int perRound = 8;
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      List<RawTask<?>> tasks = RuntimeTesting.neverReadyTasks(rt, perRound);
      LocalQueue victim = new LocalQueue();
      LocalQueue thiefRing = new LocalQueue();
      InjectQueue inject = new InjectQueue();
      CyclicBarrier start = new CyclicBarrier(2);
      CyclicBarrier end = new CyclicBarrier(2);
      AtomicLong roundsWithCopies = new AtomicLong();
      AtomicLong claimsLost = new AtomicLong();
      Thread thief = new Thread(() -> {
        try {
          for (int r = 0; r < rounds; r++) {
            start.await();
            while (victim.stealInto(thiefRing) != null) {
              while (thiefRing.pop() != null) {
                // run it: nothing to do
              }
            }
            end.await(); // the owner has emptied the victim too
            if (!thiefRing.isEmpty()) {
              throw new AssertionError("the thief's ring is not empty after it ran everything");
            }
            if (holdsAnyTask(thiefRing)) {
              roundsWithCopies.incrementAndGet();
              thiefRing.clearAllForTest();
            }
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      thief.start();
      for (int r = 0; r < rounds; r++) {
        for (RawTask<?> t : tasks) {
          victim.push(t, inject);
        }
        start.await();
        long popped = 0;
        while (victim.pop() != null) {
          popped++;
        }
        if (popped > 0 && popped < perRound) {
          claimsLost.incrementAndGet(); // both took some: the race the thief can lose
        }
        end.await();
      }
      thief.join();
      for (RawTask<?> t : tasks) {
        t.shutdown();
      }
      assertTrue(roundsWithCopies.get() == 0, roundsWithCopies.get() + " of " + rounds
          + " rounds left copies of tasks in the thief's ring (" + claimsLost.get()
          + " rounds shared between owner and thief)");
    }
  }

  private static boolean holdsAnyTask(LocalQueue ring) {
    boolean[] any = {false};
    ring.forEachSlotForTest(t -> any[0] = true);
    return any[0];
  }
}
