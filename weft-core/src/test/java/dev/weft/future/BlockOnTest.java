package dev.weft.future;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BlockOnTest {

  @Test
  void blockOnWaitsForAWakeFromAnotherThread() throws Exception {
    ManualFuture<String> f = new ManualFuture<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      timer.schedule(() -> f.complete("late"), 50, TimeUnit.MILLISECONDS);
      assertEquals("late", assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Futures.blockOn(f)));
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void blockOnThrowsUncheckedAsIsAndCheckedWrapped() {
    IllegalStateException unchecked = new IllegalStateException();
    assertSame(unchecked, assertThrows(IllegalStateException.class,
        () -> Futures.blockOn(Futures.failed(unchecked))));
    IOException checked = new IOException();
    assertSame(checked, assertThrows(CompletionException.class,
        () -> Futures.blockOn(Futures.failed(checked))).getCause());
    AssertionError error = new AssertionError();
    assertSame(error, assertThrows(AssertionError.class, () -> Futures.blockOn(Futures.failed(error))));
  }

  @Test
  void blockOnIsNotInterruptibleButKeepsTheInterrupt() {
    ManualFuture<Integer> f = new ManualFuture<>();
    Thread.currentThread().interrupt();
    new Thread(() -> {
      sleep(50);
      f.complete(1);
    }).start();
    assertEquals(1, Futures.blockOn(f));
    assertTrue(Thread.interrupted(), "the interrupt status is restored");
  }

  @Test
  void manyWakeRacesNeverHang() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 20_000; i++) {
        ManualFuture<Integer> f = new ManualFuture<>();
        int v = i;
        Thread t = Thread.ofPlatform().start(() -> f.complete(v));
        assertEquals(v, Futures.blockOn(f));
        t.join();
      }
    });
  }

  @Test
  void fromCompletionStageGivesTheValueWithoutBlockingAThread() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> f = Futures.fromCompletionStage(cf);
    new Thread(() -> {
      sleep(20);
      cf.complete("v");
    }).start();
    assertEquals("v", Futures.blockOn(async(f::await)));
  }

  @Test
  void fromCompletionStageUnwrapsCompletionException() {
    IOException io = new IOException();
    CompletableFuture<String> cf = new CompletableFuture<>();
    cf.completeExceptionally(io);
    Future<String> dependent = Futures.fromCompletionStage(cf.thenApply(s -> s));
    assertSame(io, dev.weft.test.MockTask.of(dependent).assertFails());
  }

  @Test
  void fromACancelledStageFailsWithCancellationException() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    cf.cancel(false);
    assertThrows(CancellationException.class, () -> Futures.blockOn(Futures.fromCompletionStage(cf)));
  }

  @Test
  void cancelCancelsTheStage() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> f = Futures.fromCompletionStage(cf);
    dev.weft.test.MockTask.of(f).assertPending();
    f.cancel();
    assertTrue(cf.isCancelled());
  }

  @Test
  void fromCompletionStageIsLazyAboutRegistering() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Futures.fromCompletionStage(cf);
    assertEquals(0, cf.getNumberOfDependents(), "nothing is attached before the first poll");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new RuntimeException(e);
    }
  }
}
