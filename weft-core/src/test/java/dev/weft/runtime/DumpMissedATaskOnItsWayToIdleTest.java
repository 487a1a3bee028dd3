package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: a task dump could leave out a live task that was moving while the dump looked.
 *
 * <p>The dump looks for tasks in several places, one after the other: the registry of idle
 * tasks, then the run queues and the task each worker is polling. A task spawned a moment
 * before, in its first poll on a worker when the dump read the registry, had gone idle into the
 * registry by the time the dump read that worker's poll slot: it was in neither place when each
 * was read, and the dump showed "0 tasks" for a runtime with one live task (seen in a full test
 * run: the MXBean test's dump lacked its "waiter"). Now the dump looks again, keeping what it
 * found, while it found fewer tasks than the runtime counts alive. And it reads the places in the
 * order a task moves through them (queues, polls, then the registry), so a task moving forward
 * is in one of them when it is read.
 *
 * <p>Twenty thousand idle tasks make the registry slow to read, which widens the window: before
 * the fix 29 to 100 of 300 dumps missed their task; now none does (one in a hundred is allowed,
 * for a worker that the OS preempts with a task in hand, where no dump can see it).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DumpMissedATaskOnItsWayToIdleTest {
  private static final int ROUNDS = 300;
  private static final int IDLE_TASKS = 20_000;

  @ParameterizedTest
  @EnumSource(names = {"MULTI_THREAD_1", "MULTI_THREAD_4"})
  void aTaskSpawnedJustBeforeTheDumpIsInIt(RuntimeFlavour flavour) {
    int missed = 0;
    String firstMiss = null;
    try (AsyncRuntime rt = flavour.builder(flavour.newPrefix()).build()) {
      // Idle tasks make reading the registry take a while: a task that finishes its first
      // poll meanwhile has time to move behind the dump's back.
      List<ManualFuture<Void>> idle = new ArrayList<>();
      for (int i = 0; i < IDLE_TASKS; i++) {
        ManualFuture<Void> f = new ManualFuture<>();
        idle.add(f);
        rt.spawn(f);
      }
      for (int round = 0; round < ROUNDS; round++) {
        JoinHandle<Void> waiter =
            rt.spawn("waiter-" + round, async(() -> new ManualFuture<Void>().await()));
        try {
          TaskDump dump = rt.dump();
          if (dump.tasks().stream().noneMatch(t -> t.id() == waiter.id())) {
            missed++;
            if (firstMiss == null) {
              firstMiss = "round " + round + ": the live task " + waiter.id() + " is not in "
                  + dump;
            }
          }
        } finally {
          waiter.abort();
        }
      }
    }
    // A worker that the OS preempts between taking a task from a queue and publishing it as the
    // task it polls holds it where no dump can see it: that rare miss is allowed, a miss in
    // every few dumps (what the defect did) is not.
    assertTrue(missed <= ROUNDS / 100, missed + " of " + ROUNDS + " dumps missed their task; "
        + "the first: " + firstMiss);
  }
}
