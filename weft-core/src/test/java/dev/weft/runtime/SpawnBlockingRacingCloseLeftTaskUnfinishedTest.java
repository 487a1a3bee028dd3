package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a blocking task spawned by a call that raced {@code close()} was never finished.
 *
 * <p>{@code spawnBlocking} checks {@code closed}, then hands the task to the blocking pool.
 * {@code close()} shuts the pool down last, after the schedulers: it cancels the queued blocking
 * tasks and refuses new ones. A {@code spawnBlocking} that passed the check before
 * {@code closed} was set and reached the pool after its shutdown was dropped without a word
 * ("only an abort can reschedule a blocking task", said the pool, forgetting spawns): its handle
 * never finished. Found by {@code RuntimeStressTest
 * .tasksSpawnedOrWokenWhileTheRuntimeClosesAreAllFinishedAfterward} with a thread calling
 * {@code spawnBlocking} while the runtime closed. Now the pool cancels a task it refuses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpawnBlockingRacingCloseLeftTaskUnfinishedTest {

  @Test
  void aBlockingTaskThatReachesThePoolAfterItsShutdownFinishesCancelled() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      BlockingPool pool = new BlockingPool(rt, new Scheduler.Shared(1), "regression", 4,
          Duration.ofSeconds(1), () -> { });
      assertTrue(pool.shutdown(System.nanoTime()));
      AtomicBoolean ran = new AtomicBoolean();
      // What a spawnBlocking that passed the closed check just before close() does next:
      RawTask<Integer> task = pool.spawnBlocking(() -> {
        ran.set(true);
        return 1;
      });
      assertTrue(task.isFinished(), "the blocking task was left behind");
      assertTrue(task.toCompletableFuture().isCancelled());
      assertTrue(task.toCompletableFuture().handle((v, e) -> e instanceof CancellationException).join());
      assertFalse(ran.get());
      assertEquals(0, pool.threadCount(), "no thread was started for it");
    }
  }
}
