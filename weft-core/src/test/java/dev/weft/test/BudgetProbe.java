package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.runtime.Task;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Counts how many ready operations one poll of the calling task gets before the cooperative
 * budget makes the next one pending. Call it from inside an async block on a runtime.
 */
public final class BudgetProbe {
  private BudgetProbe() {}

  /**
   * Starts a new poll of the calling task (a full budget), then polls fresh futures from
   * {@code op} by hand until one is pending, which must have woken its task; hands each ready
   * value to {@code eachReady}. Fails if more than four budgets' worth are ready: the budget
   * is not counting them. Returns how many were ready.
   */
  public static <T> int readyInOnePoll(Supplier<? extends Future<T>> op, Consumer<T> eachReady) {
    Task.yieldNow().await();
    int ready = 0;
    for (;;) {
      MockTask<T> call = MockTask.of(op.get());
      Poll<T> p = call.poll();
      if (!p.isReady()) {
        assertTrue(call.isWoken(), "pending for the budget must wake its task");
        call.cancel();
        assertTrue(ready > 0 && ready <= Coop.BUDGET, ready + " ready calls in one poll");
        return ready;
      }
      eachReady.accept(p.value());
      if (++ready > 4 * Coop.BUDGET) {
        fail(ready + " ready calls in one poll: the budget does not count them");
      }
    }
  }
}
