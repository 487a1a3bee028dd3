package dev.weft.internal.coro;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import dev.weft.test.PollThreads;
import dev.weft.test.ThreadPoolExecutorForTests;
import dev.weft.test.YieldingFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Nested async blocks polled from several threads at once, their wake-ups coming from yet other
 * threads (concurrent coroutines on several carriers is where a JVM-level mistake would show,
 * which is why no monitor may be held around a mount). Each task keeps to one thread of the
 * executor, as
 * AsyncBlock rule 6 requires of a started block; the test checks that this holds for every poll,
 * of the task and of the futures awaited deep inside it.
 */
class AsyncBlockStressTest {

  @Test
  void nestedBlocksOnSeveralThreadsWokenFromOthersAllCompleteOnTheirOwnThread() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      int tasks = 3_000;
      try (ThreadPoolExecutorForTests executor = new ThreadPoolExecutorForTests(4)) {
        List<ManualFuture<Integer>> triggers = new ArrayList<>();
        List<PollThreads> taskPolls = new ArrayList<>();
        List<PollThreads> triggerPolls = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
          ManualFuture<Integer> trigger = new ManualFuture<>();
          triggers.add(trigger);
          PollThreads polledTrigger = new PollThreads();
          triggerPolls.add(polledTrigger);
          Future<Integer> recordedTrigger = polledTrigger.record(trigger);
          int base = i;
          Future<Integer> inner = async(() -> {
            int v = recordedTrigger.await();
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
          PollThreads polledTask = new PollThreads();
          taskPolls.add(polledTask);
          results.add(executor.spawn(polledTask.record(outer)));
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
          Set<String> expected = Set.of(executor.threadNameOf(i));
          assertEquals(expected, taskPolls.get(i).distinct(), "threads that polled task " + i);
          assertEquals(expected, triggerPolls.get(i).distinct(),
              "threads that polled the future awaited inside task " + i);
          assertTrue(taskPolls.get(i).polls() > 1, "task " + i + " never suspended");
        }
      }
    });
  }
}
