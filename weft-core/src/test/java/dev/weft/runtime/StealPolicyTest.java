package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A searching worker of the multi-thread runtime leaves a few queued tasks to their worker
 * (Worker, "When a thief takes work"), but not tasks that would wait there: tasks that compute,
 * and tasks behind a poll that does not end. The tasks here are hand-written futures, which no
 * runtime pins to a worker, so the rule alone decides where they run.
 */
class StealPolicyTest {

  @Test
  void tasksThatComputeStillSpreadOverBothWorkers() {
    Set<Thread> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger inPoll = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build()) {
      rt.blockOn(rt.spawn(new Future<Void>() {
        List<JoinHandle<Void>> hs;

        @Override
        public Poll<Void> poll(Context cx) {
          if (hs == null) {
            hs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
              hs.add(Task.spawn(new Computer(400, 250_000, ran, inPoll, mostAtOnce)));
            }
          }
          hs.removeIf(h -> h.poll(cx) instanceof Poll.Ready<Void>);
          return hs.isEmpty() ? Poll.ready(null) : Poll.pending();
        }
      }));
    }
    assertEquals(2, ran.size(), "threads that ran the two computing tasks: " + ran);
    assertEquals(2, mostAtOnce.get(), "the two computing tasks never ran at the same time");
  }

  @Test
  void aTaskQueuedBehindAPollThatDoesNotEndIsTaken() {
    AtomicBoolean queuedTaskRan = new AtomicBoolean();
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build()) {
      boolean ranMeanwhile = rt.blockOn(rt.spawn(new Future<Boolean>() {
        @Override
        public Poll<Boolean> poll(Context cx) {
          // Two spawns: the first goes to this worker's ring, the second to its LIFO slot.
          for (int i = 0; i < 2; i++) {
            Task.spawn(new Future<Void>() {
              @Override
              public Poll<Void> poll(Context c) {
                queuedTaskRan.set(true);
                return Poll.ready(null);
              }
            });
          }
          long deadline = System.nanoTime() + 5_000_000_000L;
          while (!queuedTaskRan.get() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // a poll that does not end until another worker helps
          }
          return Poll.ready(queuedTaskRan.get());
        }
      }));
      assertTrue(ranMeanwhile, "a task queued behind a 5 s poll waited for it");
    }
  }

  /** Spins {@code nanosAPoll} in each of {@code polls} polls, waking itself between them. */
  private static final class Computer implements Future<Void> {
    private final int polls;
    private final long nanosAPoll;
    private final Set<Thread> ran;
    private final AtomicInteger inPoll;
    private final AtomicInteger mostAtOnce;
    private int done;

    Computer(int polls, long nanosAPoll, Set<Thread> ran, AtomicInteger inPoll,
        AtomicInteger mostAtOnce) {
      this.polls = polls;
      this.nanosAPoll = nanosAPoll;
      this.ran = ran;
      this.inPoll = inPoll;
      this.mostAtOnce = mostAtOnce;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      ran.add(Thread.currentThread());
      mostAtOnce.accumulateAndGet(inPoll.incrementAndGet(), Math::max);
      RuntimeTesting.spin(nanosAPoll);
      inPoll.decrementAndGet();
      if (++done == polls) {
        return Poll.ready(null);
      }
      cx.waker().wake();
      return Poll.pending();
    }
  }
}
