package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A current-thread runtime's run queue, grown past {@link CurrentThreadScheduler#LOCAL_SHRINK_ABOVE}
 * tasks by a burst of spawns, moves to a small queue once it has stayed small for
 * {@link CurrentThreadScheduler#LOCAL_SHRINK_AFTER_POLLS} polls. The move happens while tasks are
 * queued: none may be lost, and the FIFO order (every yielding task runs once per rotation) is
 * kept across it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CurrentThreadRunQueueShrinkTest {

  @Test
  void theQueueMovesToASmallOneWithoutLosingOrReorderingTasks() {
    int burst = 2 * CurrentThreadScheduler.LOCAL_SHRINK_ABOVE;
    int tasks = 50;
    int yields = 2 * CurrentThreadScheduler.LOCAL_SHRINK_AFTER_POLLS / tasks; // past the move
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      List<Integer> log = new ArrayList<>();
      int[] ran = new int[1];
      rt.blockOn(async(() -> {
        List<JoinHandle<Void>> spawned = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
          spawned.add(Task.spawn(async(() -> {
            ran[0]++;
            return null;
          })));
        }
        for (JoinHandle<Void> h : spawned) {
          h.await();
        }
        List<JoinHandle<Void>> yielders = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
          int id = t;
          yielders.add(Task.spawn(async(() -> {
            for (int y = 0; y < yields; y++) {
              log.add(id);
              Task.yieldNow().await();
            }
            return null;
          })));
        }
        for (JoinHandle<Void> h : yielders) {
          h.await();
        }
        return null;
      }));
      assertEquals(burst, ran[0], "every task of the burst ran once");
      assertEquals(tasks * yields, log.size(), "every yielding task ran every step");
      for (int i = tasks; i < log.size(); i++) {
        if (!log.get(i).equals(log.get(i - tasks))) {
          throw new AssertionError("step " + i + ": task " + log.get(i) + " ran where task "
              + log.get(i - tasks) + " was due: the rotation broke");
        }
      }
      assertTrue(yields * tasks > CurrentThreadScheduler.LOCAL_SHRINK_AFTER_POLLS);
    }
  }
}
