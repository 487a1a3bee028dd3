package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: a task spawned by a call that raced {@code close()} was never finished.
 *
 * <p>{@code spawn} checks {@code closed}, then makes the task and pushes it to the injection
 * queue. {@code close()} sets {@code closed}, then closes the injection queue and cancels what
 * it holds. A spawn that passed the check just before {@code closed} was set and pushed just
 * after the queue closed had its push refused, and ignored the refusal: the task, born NOTIFIED,
 * was in no queue and not in the registry (a task registers only when it first goes idle), so
 * no step of the shutdown ever found it. Its handle never finished, awaiting it hung, and
 * {@code aliveTasks()} never came back to 0. {@code RuntimeStressTest
 * .tasksSpawnedOrWokenWhileTheRuntimeClosesAreAllFinishedAfterward} lost such a task in the
 * first few repetitions on every flavour. The same refusal was ignored where a worker's full
 * ring overflows into the injection queue.
 *
 * <p>The fix: a refused push hands each task to {@code RawTask.rejected()}, which cancels it if
 * it was never polled (RawTask rule 7). These tests replay the losing interleaving step by
 * step through the package-private seams.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpawnRacingCloseLeftTaskUnfinishedTest {

  @ParameterizedTest
  @EnumSource
  void aSpawnWhosePushCameAfterTheQueuesClosedFinishesCancelled(RuntimeFlavour flavour) {
    AsyncRuntime rt = flavour.build();
    rt.close();
    ManualFuture<Integer> f = new ManualFuture<>();
    // What a spawn that passed the closed check just before close() does next:
    RawTask<Integer> task = rt.scheduler().spawn(f);
    assertTrue(task.isFinished(), "the task was left behind");
    assertTrue(task.toCompletableFuture().isCancelled());
    assertEquals(0, f.pollCount());
    assertEquals(1, f.cancelCount());
    assertEquals(0, rt.metrics().aliveTasks());
  }

  @Test
  void anOverflowIntoAClosedInjectionQueueCancelsTheTasksItMoved() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      LocalQueue ring = new LocalQueue(LocalQueue.INITIAL_CAPACITY, 0); // a ring that cannot grow
      InjectQueue inject = new InjectQueue();
      inject.close();
      List<ManualFuture<Integer>> futures = new ArrayList<>();
      List<RawTask<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i <= LocalQueue.INITIAL_CAPACITY; i++) {
        ManualFuture<Integer> f = new ManualFuture<>();
        futures.add(f);
        RawTask<Integer> t = rt.scheduler().newTask(f);
        tasks.add(t);
        ring.push(t, inject); // the last push overflows half the ring and itself
      }
      int moved = LocalQueue.INITIAL_CAPACITY / 2;
      for (int i = 0; i <= LocalQueue.INITIAL_CAPACITY; i++) {
        boolean overflowed = i < moved || i == LocalQueue.INITIAL_CAPACITY;
        assertEquals(overflowed, tasks.get(i).isFinished(), "task " + i);
        assertEquals(overflowed ? 1 : 0, futures.get(i).cancelCount(), "task " + i);
      }
      for (RawTask<?> t; (t = ring.pop()) != null; ) {
        t.shutdown(); // the ones still in the ring: not the runtime's to find
      }
    }
  }

  @Test
  void aRefusedTaskThatIsRegisteredIsLeftForTheRegistryPass() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      InjectQueue inject = new InjectQueue();
      inject.close();
      ManualFuture<Integer> f = new ManualFuture<>();
      RawTask<Integer> t = rt.scheduler().newTask(f);
      t.markRegisteredForTest(); // as if it had gone idle once: the registry holds it
      assertFalse(inject.push(t));
      assertFalse(t.isFinished(), "cancelled on the pusher's thread, not by the registry pass");
      assertEquals(0, f.cancelCount());
      t.shutdown();
    }
  }
}
