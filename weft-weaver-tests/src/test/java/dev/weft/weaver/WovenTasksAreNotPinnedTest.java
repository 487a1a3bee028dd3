package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.fixtures.Moving;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RawTask's pinning rule holds for tasks whose poll mounted a coroutine; a woven block mounts
 * none, so its task is free to move between the multi-thread runtime's workers, as a tokio
 * task does. The same program, unwoven, keeps every task on its worker.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WovenTasksAreNotPinnedTest {

  @Test
  void wovenTasksMoveBetweenWorkersWhereCoroutineTasksStayOnTheirs() throws Throwable {
    int tasks = 300;
    int awaits = 5;
    int[] pinned = (int[]) Woven.callOriginal(Moving.class, "movedTasks", tasks, awaits);
    assertEquals(tasks, pinned[0], "every unwoven task completed");
    assertEquals(0, pinned[1], "an unwoven task moved although its coroutine pins it");
    try (Woven w = Woven.pkg(Moving.class)) {
      w.assertWoven(Moving.class, "movedTasks");
      // A move needs the other worker to take the task from the injection queue; a run in
      // which a loaded machine let one worker take every wake-up is repeated.
      int moved = 0;
      for (int round = 0; round < 5 && moved == 0; round++) {
        int[] woven = (int[]) w.call(Moving.class, "movedTasks", tasks, awaits);
        assertEquals(tasks, woven[0], "every woven task completed");
        moved = woven[1];
      }
      assertTrue(moved > 0, "no woven task ever moved to another worker");
    }
  }
}
