package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A current-thread runtime runs its tasks on the thread inside blockOn. A coroutine suspended
 * there can only resume there (AsyncBlock rule 6), so the runtime may be driven from another
 * thread only while no task holds one; otherwise blockOn says so at once, naming both threads,
 * instead of failing a task later.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CurrentThreadCoreMovesTest {

  @Test
  void selfContainedBlockOnsMayComeFromDifferentThreads() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      assertEquals(1, rt.blockOn(async(() -> Task.spawn(async(() -> Task.yieldNow().map(x -> 1).await())).await())));
      assertEquals(2, other.submit(() -> rt.blockOn(async(() -> {
        Task.yieldNow().await();
        return 2;
      }))).get());
      assertEquals(3, rt.blockOn(async(() -> 3)));
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void movingTheCoreWhileACoroutineIsSuspendedIsRefusedWithBothThreadNames() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "other-driver"));
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      ManualFuture<Integer> input = new ManualFuture<>();
      CompletableFuture<Void> started = new CompletableFuture<>();
      JoinHandle<Integer> h = rt.spawn(async(() -> {
        started.complete(null);
        return input.await() + 1;
      }));
      rt.blockOn(dev.weft.future.Futures.fromCompletionStage(started)); // the task suspends here
      input.complete(1);
      var e = other.submit(() -> assertThrows(IllegalStateException.class, () -> rt.blockOn(h))).get();
      assertTrue(e.getMessage().contains(Thread.currentThread().getName()), e.getMessage());
      assertTrue(e.getMessage().contains("other-driver"), e.getMessage());
      assertEquals(2, rt.blockOn(h), "on its own thread the task goes on");
      assertEquals(5, other.submit(() -> rt.blockOn(async(() -> 5))).get(),
          "once no coroutine is suspended, another thread may drive the runtime");
    } finally {
      other.shutdownNow();
    }
  }
}
