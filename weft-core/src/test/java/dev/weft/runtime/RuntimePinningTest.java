package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.runtime.RuntimeTesting.Helpers;
import dev.weft.test.ManualFuture;
import dev.weft.test.PollThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RawTask rule 8 and AsyncBlock rule 6: a task that holds a suspended coroutine resumes on the
 * thread it suspended on, however it is woken. The threads are read outside the coroutine
 * ({@link PollThreads}), since a name read inside the body after an await could be a stale
 * value cached by compiled code, the very fault pinning prevents.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimePinningTest {

  @ParameterizedTest
  @EnumSource
  void aTaskHoldingASuspendedCoroutineAlwaysResumesOnItsWorker(RuntimeFlavour flavour) throws Exception {
    int tasks = 400;
    int awaitsPerTask = 5;
    try (AsyncRuntime rt = flavour.build(); Helpers completers = new Helpers(2)) {
      List<PollThreads> taskPolls = new ArrayList<>();
      List<PollThreads> innerPolls = new ArrayList<>();
      List<CompletableFuture<Integer>> results = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        PollThreads polls = new PollThreads();
        PollThreads inner = new PollThreads();
        taskPolls.add(polls);
        innerPolls.add(inner);
        Future<Integer> body = async(() -> {
          int sum = 0;
          for (int k = 0; k < awaitsPerTask; k++) {
            ManualFuture<Integer> f = new ManualFuture<>();
            completers.submit(() -> { // every wake-up comes from outside, after the await polled
              while (!f.hasWaker()) {
                Thread.onSpinWait();
              }
              f.complete(1);
            });
            sum += inner.record(f).await();
            // busy work between awaits, so that queues fill and idle workers look for work
            if (k % 2 == 0) {
              Task.spawn(async(() -> {
                Task.yieldNow().await();
                return 0;
              }));
            }
          }
          return sum;
        });
        results.add(rt.spawn(polls.record(body)).toCompletableFuture());
      }
      for (CompletableFuture<Integer> r : results) {
        RuntimeTesting.driveUntilDone(rt, r);
      }
      int suspendedTasks = 0;
      for (int i = 0; i < tasks; i++) {
        assertEquals(awaitsPerTask, results.get(i).join(),
            "task " + i + " (an IllegalStateException here means it resumed elsewhere)");
        Set<String> threads = taskPolls.get(i).distinct();
        assertEquals(1, threads.size(), "task " + i + " was polled on " + threads);
        assertEquals(threads, innerPolls.get(i).distinct(),
            "the futures task " + i + " awaited were polled on another thread");
        if (taskPolls.get(i).polls() > 1) {
          suspendedTasks++;
        }
      }
      // Each await's future is completed only once it was polled (and had a waker), so every
      // task suspended at least once, and its resumption is what this test watches.
      assertEquals(tasks, suspendedTasks, "tasks that suspended");
    }
  }
}
