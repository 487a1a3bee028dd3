package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.runtime.RuntimeTesting.Occupied;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Task.yieldNow} and the cooperative budget ({@code internal.Coop}). Each test keeps
 * every worker but one busy, so the two tasks it watches share one thread on every flavour and
 * the order they run in is the scheduler's doing, not the OS's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeYieldAndBudgetTest {

  /**
   * Ready operations that consume the running task's budget, as channel and timer operations do:
   * ready while {@link Coop#proceed} allows, else pending (proceed woke the task). Records how
   * many operations each stretch between two forced yields did.
   */
  private static final class BudgetedOps {
    final List<Integer> stretches = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger done = new AtomicInteger();
    private int stretch; // touched by the polls of one task, which never overlap

    Future<Integer> op() {
      return cx -> {
        if (Coop.proceed(cx)) {
          stretch++;
          return Poll.ready(done.incrementAndGet());
        }
        stretches.add(stretch);
        stretch = 0;
        return Poll.pending();
      };
    }

    Future<Integer> run(int ops) {
      return async(() -> {
        for (int i = 0; i < ops; i++) {
          op().await();
        }
        return done.get();
      });
    }

    int done() {
      return done.get();
    }
  }

  @ParameterizedTest
  @EnumSource
  void yieldNowLetsAnotherTaskRun(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build(); Occupied others = Occupied.allButOne(rt, flavour)) {
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      rt.blockOn(rt.spawn(async(() -> {
        List<JoinHandle<Void>> hs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
          hs.add(Task.spawn(async(() -> {
            for (int k = 0; k < 5; k++) {
              order.add(name + k);
              Task.yieldNow().await();
            }
            return null;
          })));
        }
        for (JoinHandle<Void> h : hs) {
          h.await();
        }
        return null;
      })));
      assertEquals(10, order.size(), order.toString());
      if (!flavour.multiThread) {
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4"), order,
            "on the event loop, two yielding tasks take turns");
      } else {
        // The multi-thread runtime runs a just-spawned task from its LIFO slot and alternates
        // between queues, so the first turns may differ, but neither task runs all its steps
        // while the other waits.
        assertTrue(order.indexOf("a4") > order.indexOf("b0"), order.toString());
        assertTrue(order.indexOf("b4") > order.indexOf("a0"), order.toString());
      }
    }
  }

  @Test
  void yieldNowIsPendingOnceThenReadyUnderAnyExecutor() {
    AtomicInteger polls = new AtomicInteger();
    Future<Void> y = Task.yieldNow();
    Futures.blockOn(cx -> {
      polls.incrementAndGet();
      return y.poll(cx);
    });
    assertEquals(2, polls.get());
  }

  @ParameterizedTest
  @EnumSource
  void aTaskDoingManyReadyOperationsYieldsAfterItsBudgetAndAnotherTaskRuns(RuntimeFlavour flavour) {
    int ops = 1000;
    try (AsyncRuntime rt = flavour.build(); Occupied others = Occupied.allButOne(rt, flavour)) {
      BudgetedOps busy = new BudgetedOps();
      List<Integer> seenByOther = Collections.synchronizedList(new ArrayList<>());
      rt.blockOn(rt.spawn(async(() -> {
        JoinHandle<Integer> b = Task.spawn(busy.run(ops));
        JoinHandle<Void> o = Task.spawn(async(() -> {
          while (busy.done() < ops) {
            seenByOther.add(busy.done());
            Task.yieldNow().await();
          }
          return null;
        }));
        assertEquals(ops, b.await());
        o.await();
        return null;
      })));
      List<Integer> stretches = List.copyOf(busy.stretches);
      assertTrue(stretches.size() >= ops / Coop.BUDGET, "forced yields: " + stretches);
      assertTrue(stretches.stream().allMatch(s -> s <= Coop.BUDGET), "stretches: " + stretches);
      assertEquals(Coop.BUDGET, stretches.stream().mapToInt(s -> s).max().orElse(0),
          "a task polled with a fresh budget does exactly " + Coop.BUDGET + " operations");
      assertTrue(seenByOther.stream().anyMatch(n -> n > 0 && n < ops),
          "the other task ran while the busy one was half-way: " + seenByOther);
    }
  }

  @ParameterizedTest
  @EnumSource
  void theBlockOnFutureHasABudgetToo(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      BudgetedOps ops = new BudgetedOps();
      assertEquals(1000, rt.blockOn(ops.run(1000)));
      assertTrue(ops.stretches.size() >= 1000 / Coop.BUDGET, "forced yields: " + ops.stretches);
      assertTrue(ops.stretches.stream().allMatch(s -> s <= Coop.BUDGET), "" + ops.stretches);
    }
  }

  @Test
  void underFuturesBlockOnThereIsNoBudget() {
    BudgetedOps ops = new BudgetedOps();
    assertEquals(1000, Futures.blockOn(ops.run(1000)));
    assertEquals(List.of(), ops.stretches, "no operation was ever made to wait");
    // and a blocking task of a runtime is not a task poll with a budget either
    try (AsyncRuntime rt = RuntimeFlavour.MULTI_THREAD_1.build()) {
      BudgetedOps inBlocking = new BudgetedOps();
      int[] allowed = new int[1];
      rt.blockOn(rt.spawnBlocking(() -> {
        allowed[0] = (int) IntStream.range(0, 1000).filter(i -> Coop.hasBudget()).count();
        return Futures.blockOn(inBlocking.run(1000));
      }));
      assertEquals(1000, allowed[0]);
      assertEquals(List.of(), inBlocking.stretches);
    }
  }
}
