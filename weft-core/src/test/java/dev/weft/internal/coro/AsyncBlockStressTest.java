package dev.weft.internal.coro;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import dev.weft.test.ThreadPoolExecutorForTests;
import dev.weft.test.YieldingFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Nested async blocks polled from several threads, their wake-ups coming from yet other threads
 * (DESIGN §3 asks for this stress test). Each task stays on its thread: a suspended block must
 * resume where it suspended.
 */
class AsyncBlockStressTest {

  @Test
  void nestedBlocksOnSeveralThreadsWokenFromOthersAllCompleteWithTheRightValue() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      int tasks = 3_000;
      try (ThreadPoolExecutorForTests executor = new ThreadPoolExecutorForTests(4)) {
        List<ManualFuture<Integer>> triggers = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        AtomicInteger threadHops = new AtomicInteger();
        for (int i = 0; i < tasks; i++) {
          ManualFuture<Integer> trigger = new ManualFuture<>();
          triggers.add(trigger);
          int base = i;
          Future<Integer> inner = async(() -> {
            Thread before = Thread.currentThread();
            int v = trigger.await();
            if (Thread.currentThread() != before) {
              threadHops.incrementAndGet(); // must never happen
            }
            return v + YieldingFuture.after(3, 1).await();
          });
          Future<Integer> yielding = async(() -> {
            int sum = 0;
            for (int k = 0; k < 5; k++) {
              sum += YieldingFuture.after(1, 1).await();
            }
            return sum;
          });
          Future<Integer> outer = async(() -> {
            var both = Futures.join(inner, yielding).await();
            // and one more level, inline this time
            return async(() -> both.first() + both.second() + base).await();
          });
          results.add(executor.spawn(outer));
        }
        Thread[] completers = new Thread[2];
        for (int c = 0; c < completers.length; c++) {
          int offset = c;
          completers[c] = Thread.ofPlatform().start(() -> {
            for (int i = offset; i < tasks; i += 2) {
              if (ThreadLocalRandom.current().nextInt(50) == 0) {
                Thread.yield();
              }
              triggers.get(i).complete(1000);
            }
          });
        }
        for (Thread t : completers) {
          t.join();
        }
        for (int i = 0; i < tasks; i++) {
          assertEquals(1000 + 1 + 5 + i, results.get(i).get(), "task " + i);
        }
        assertEquals(0, threadHops.get(), "a block resumed on another thread");
      }
    });
  }
}
