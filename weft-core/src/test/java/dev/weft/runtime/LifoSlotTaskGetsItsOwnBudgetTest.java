package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Coop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task woken into the LIFO slot by a task that spent its whole cooperative budget still runs
 * right after that task, with a budget of its own, ahead of the ring. It used to go to the back
 * of the ring instead (tokio's slot shares the waker's budget), and a producer woken by a
 * consumer that drained a channel waited behind everything else: W3 on the woven multi-thread
 * runtime took a fifth longer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifoSlotTaskGetsItsOwnBudgetTest {

  @Test
  void aTaskWokenByOneThatSpentItsBudgetRunsNextWithAFullBudget() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    AtomicReference<Waker> sleeper = new AtomicReference<>();
    CountDownLatch sleeperWaits = new CountDownLatch(1);
    int[] budgetOfTheWoken = {-1};
    AtomicReference<JoinHandle<Void>> queued = new AtomicReference<>();
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(1).build()) {
      JoinHandle<Void> woken = rt.spawn(new Future<Void>() {
        @Override
        public Poll<Void> poll(Context cx) {
          if (sleeper.get() == null) {
            sleeper.set(cx.waker());
            sleeperWaits.countDown();
            return Poll.pending();
          }
          ran.add("woken");
          int n = 0;
          while (n <= Coop.BUDGET && Coop.proceed(cx)) {
            n++;
          }
          budgetOfTheWoken[0] = n;
          return Poll.ready(null);
        }
      });
      sleeperWaits.await();
      JoinHandle<Void> waker = rt.spawn(new Future<Void>() {
        @Override
        public Poll<Void> poll(Context cx) {
          // Spawned inside this poll: the LIFO slot, then displaced to the ring by the wake-up.
          queued.set(Task.spawn(new Future<Void>() {
            @Override
            public Poll<Void> poll(Context cx2) {
              ran.add("queued before");
              return Poll.ready(null);
            }
          }));
          while (Coop.proceed(cx)) {
            // spends the whole budget, as a consumer draining a full channel does
          }
          sleeper.get().wake();
          return Poll.ready(null);
        }
      });
      rt.blockOn(waker);
      rt.blockOn(woken);
      rt.blockOn(queued.get());
    }
    assertEquals(List.of("woken", "queued before"), ran);
    assertEquals(Coop.BUDGET, budgetOfTheWoken[0], "the woken task's budget");
  }
}
