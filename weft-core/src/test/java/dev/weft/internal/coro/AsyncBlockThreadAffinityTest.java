package dev.weft.internal.coro;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** AsyncBlock rule 6: a suspended block resumes only on the thread it suspended on. */
class AsyncBlockThreadAffinityTest {

  /** A thread that runs what it is given and waits for it, so one thread can be used again. */
  private static final class NamedThread implements AutoCloseable {
    private final ExecutorService executor;

    NamedThread(String name) {
      executor = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
    }

    void run(Runnable r) {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> executor.submit(r).get());
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  @Test
  void resumingASuspendedBlockOnAnotherThreadThrowsNamingBothThreads() {
    try (NamedThread here = new NamedThread("suspended-here");
        NamedThread there = new NamedThread("polled-there")) {
      resumeElsewhere(here, there);
    }
  }

  private static void resumeElsewhere(NamedThread here, NamedThread there) {
    ManualFuture<Integer> input = new ManualFuture<>();
    AtomicInteger bodyRuns = new AtomicInteger();
    MockTask<Integer> task = MockTask.of(async(() -> {
      bodyRuns.incrementAndGet();
      return input.await() + 1;
    }));
    here.run(task::assertPending);
    input.complete(41);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    there.run(() -> thrown.set(task.assertFails()));
    IllegalStateException e = assertInstanceOf(IllegalStateException.class, thrown.get());
    assertTrue(e.getMessage().contains("'suspended-here'"), e.getMessage());
    assertTrue(e.getMessage().contains("'polled-there'"), e.getMessage());
    assertEquals(1, bodyRuns.get());

    // The refused poll did not disturb the block: on its own thread it resumes and finishes.
    AtomicReference<Integer> value = new AtomicReference<>();
    here.run(() -> value.set(task.assertReady()));
    assertEquals(42, value.get());
  }

  @Test
  void aSuspendedBlockMayBeCancelledFromAnotherThreadAndItsFinallyRunsThere() {
    try (NamedThread here = new NamedThread("suspended-here");
        NamedThread there = new NamedThread("cleanup-there")) {
      cancelElsewhere(here, there);
    }
  }

  private static void cancelElsewhere(NamedThread here, NamedThread there) {
    ManualFuture<Integer> input = new ManualFuture<>();
    AtomicReference<String> finallyRanOn = new AtomicReference<>();
    MockTask<Integer> task = MockTask.of(async(() -> {
      try {
        return input.await();
      } finally {
        finallyRanOn.set(Thread.currentThread().getName());
      }
    }));
    here.run(task::assertPending);
    assertNull(finallyRanOn.get());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    there.run(() -> {
      try {
        task.cancel();
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    assertNull(thrown.get(), "cancel from another thread is the one allowed exception (shutdown)");
    assertNotNull(finallyRanOn.get(), "the finally block ran");
    // (Read inside the body: may be the suspending thread's name if compiled code cached it,
    // which is exactly why only cleanup is allowed to run elsewhere.)
    assertTrue(input.isCancelled(), "the awaited future was cancelled");
  }
}
