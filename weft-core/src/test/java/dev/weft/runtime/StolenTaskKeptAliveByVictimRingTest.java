package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a task that a thief stole stayed reachable from the victim's ring after it
 * finished, as long as the victim had no new task to write over that slot. A thief copies the
 * slots it claims but may not clear them (the owner may be filling them again), so a worker
 * that went idle after a steal kept finished tasks, and so their join handles, alive. An
 * ignored handle's failure is reported only when the handle is collected, so a fire-and-forget
 * failure went unreported for as long as that worker slept (seen in CI: {@code
 * FireAndForgetFailureVanishedTest} on four workers, about one run in five of the woven build,
 * whose tasks are stolen more often than pinned coroutine tasks). Now the owner clears its
 * ring when it finds it empty before it parks (LocalQueue rule 7).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StolenTaskKeptAliveByVictimRingTest {

  @Test
  void finishedTasksAreNotKeptReachableByAnIdleWorkersRing() throws Exception {
    int tasks = 200;
    List<WeakReference<JoinHandle<Integer>>> handles = new ArrayList<>();
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(4).build()) {
      for (int round = 0; round < 5; round++) {
        // Spawned from inside a task: they go onto that worker's ring, and the others steal.
        List<WeakReference<JoinHandle<Integer>>> spawned = rt.blockOn(rt.spawn(async(() -> {
          List<JoinHandle<Integer>> hs = new ArrayList<>();
          for (int i = 0; i < tasks; i++) {
            int v = i;
            hs.add(Task.spawn(async(() -> {
              Task.yieldNow().await();
              return v;
            })));
          }
          List<WeakReference<JoinHandle<Integer>>> refs = new ArrayList<>();
          int sum = 0;
          for (JoinHandle<Integer> h : hs) {
            sum += h.await();
            refs.add(new WeakReference<>(h));
          }
          if (sum != tasks * (tasks - 1) / 2) {
            throw new AssertionError("sum " + sum);
          }
          return refs;
        })));
        handles.addAll(spawned);
      }
      assertEquals(5 * tasks, handles.size());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      long alive;
      do {
        System.gc();
        Thread.sleep(20);
        alive = handles.stream().filter(r -> r.get() != null).count();
      } while (alive > 0 && System.nanoTime() < deadline);
      assertEquals(0, alive, alive + " finished tasks still reachable while the runtime idles"
          + " (" + rt.metrics().steals() + " steals)");
    }
  }
}
