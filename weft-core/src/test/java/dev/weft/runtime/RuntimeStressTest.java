package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static dev.weft.runtime.RuntimeTesting.spin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.runtime.RuntimeTesting.Helpers;
import dev.weft.runtime.RuntimeTesting.Mailbox;
import dev.weft.test.ManualFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stress: many tasks, many threads, and the two wake-up races a scheduler must survive,
 * repeated until a lost or doubled wake-up would show as a hang, a missing or a duplicated
 * run. Each test is sized to take a few seconds on two busy cores.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeStressTest {

  // ---- a million tasks ----

  @ParameterizedTest
  @EnumSource
  void aMillionTasksSpawnedFromSeveralThreadsEachRunExactlyOnce(RuntimeFlavour flavour) throws Exception {
    int total = 1_000_000;
    int parents = total / 2; // each parent spawns one child from inside the runtime
    int spawners = 4;
    AtomicIntegerArray runs = new AtomicIntegerArray(total);
    AtomicInteger remaining = new AtomicInteger(total);
    ManualFuture<Void> allDone = new ManualFuture<>("all done");
    try (AsyncRuntime rt = flavour.build()) {
      class Body implements Future<Void> {
        final int i;

        Body(int i) {
          this.i = i;
        }

        @Override
        public Poll<Void> poll(Context cx) {
          runs.incrementAndGet(i);
          if (i < parents) {
            Task.spawn(new Body(i + parents));
          }
          if (remaining.decrementAndGet() == 0) {
            allDone.complete(null);
          }
          return Poll.ready(null);
        }
      }
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < spawners; s++) {
        int from = s * parents / spawners;
        int to = (s + 1) * parents / spawners;
        threads.add(Thread.ofPlatform().start(() -> {
          for (int i = from; i < to; i++) {
            rt.spawn(new Body(i));
          }
        }));
      }
      rt.blockOn(allDone); // on the current-thread runtime, this thread runs them all
      for (Thread t : threads) {
        t.join();
      }
      for (int i = 0; i < total; i++) {
        if (runs.get(i) != 1) {
          fail("task " + i + " ran " + runs.get(i) + " times");
        }
      }
      assertEquals(total, rt.metrics().spawnedTasks());
      eventually("aliveTasks back to 0", () -> rt.metrics().aliveTasks() == 0);
    }
  }

  // ---- a wake-up during the poll ----

  /**
   * Pending on its first poll, having handed its waker to a helper thread that wakes it while the
   * poll still runs (the poll spins until the wake-up started, then a little more, so the wake
   * lands anywhere from mid-poll to just after the task went idle). Ready on the second poll; a
   * third poll (a task run twice for one wake-up) fails.
   */
  static final class WokenDuringPoll implements Future<Integer> {
    private final Helpers helpers;
    private int polls;
    private volatile boolean wakeStarted;

    WokenDuringPoll(Helpers helpers) {
      this.helpers = helpers;
    }

    @Override
    public Poll<Integer> poll(Context cx) {
      polls++;
      if (polls == 1) {
        Waker w = cx.waker();
        helpers.submit(() -> {
          wakeStarted = true;
          w.wake();
        });
        long deadline = System.nanoTime() + 2_000_000;
        while (!wakeStarted && System.nanoTime() - deadline < 0) {
          Thread.onSpinWait();
        }
        spin(ThreadLocalRandom.current().nextInt(3_000));
        return Poll.pending();
      }
      if (polls == 2) {
        return Poll.ready(1);
      }
      throw new AssertionError("polled " + polls + " times after one wake-up");
    }
  }

  @ParameterizedTest
  @EnumSource
  void aWakeUpDuringThePollIsNeverLostNorDoubled(RuntimeFlavour flavour) throws Exception {
    int reps = 10_000;
    try (AsyncRuntime rt = flavour.build(); Helpers helpers = new Helpers(2)) {
      int sum = rt.blockOn(rt.spawn(async(() -> {
        List<JoinHandle<Integer>> hs = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < reps; i++) {
          WokenDuringPoll f = new WokenDuringPoll(helpers);
          // plain tasks may move between workers; async blocks are pinned to theirs
          hs.add(Task.spawn(i % 2 == 0 ? f : async(f::await)));
          if (hs.size() == 64) {
            for (JoinHandle<Integer> h : hs) {
              total += h.await();
            }
            hs.clear();
          }
        }
        for (JoinHandle<Integer> h : hs) {
          total += h.await();
        }
        return total;
      })));
      assertEquals(reps, sum);
      eventually("aliveTasks back to 0", () -> rt.metrics().aliveTasks() == 0);
    }
  }

  // ---- a wake-up while the worker parks ----

  @ParameterizedTest
  @EnumSource
  void aWakeUpWhileTheWorkerGoesToSleepIsNeverLost(RuntimeFlavour flavour) throws Exception {
    int reps = 10_000;
    try (AsyncRuntime rt = flavour.build(); Helpers helpers = new Helpers(1)) {
      for (int i = 0; i < reps; i++) {
        ManualFuture<Integer> input = new ManualFuture<>();
        JoinHandle<Integer> h = rt.spawn(i % 2 == 0 ? input : async(() -> input.await() + 0));
        int delay = ThreadLocalRandom.current().nextInt(4) == 0 ? 0
            : ThreadLocalRandom.current().nextInt(100_000);
        int v = i;
        helpers.submit(() -> {
          spin(delay); // the worker spins ~20 µs before it parks: land before, during, after
          input.complete(v);
        });
        assertEquals(i, rt.blockOn(h), "rep " + i);
      }
      eventually("aliveTasks back to 0", () -> rt.metrics().aliveTasks() == 0);
    }
  }

  // ---- messages handed between tasks and threads ----

  @ParameterizedTest
  @EnumSource
  void manyTasksPingPongingAcrossThreadsDeliverEveryMessageInOrder(RuntimeFlavour flavour) throws Exception {
    int taskPairs = 40;
    int threadPairs = 2; // one side a plain thread, the other a task
    int rounds = 15_000;
    AtomicInteger delivered = new AtomicInteger();
    AtomicReference<String> error = new AtomicReference<>();
    try (AsyncRuntime rt = flavour.build()) {
      List<JoinHandle<Void>> tasks = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < taskPairs + threadPairs; p++) {
        Mailbox<Integer> toPong = new Mailbox<>();
        Mailbox<Integer> toPing = new Mailbox<>();
        String pair = "pair " + p;
        Future<Void> ping = async(() -> {
          for (int i = 0; i < rounds; i++) {
            toPong.put(i);
            int back = toPing.take().await();
            if (back != -i) {
              error.compareAndSet(null, pair + ": sent " + i + ", got back " + back);
            }
            delivered.incrementAndGet();
          }
          return null;
        });
        if (p < taskPairs) {
          tasks.add(rt.spawn(async(() -> {
            for (int i = 0; i < rounds; i++) {
              int got = toPong.take().await();
              if (got != i) {
                error.compareAndSet(null, pair + ": expected " + i + ", got " + got);
              }
              delivered.incrementAndGet();
              toPing.put(-got);
            }
            return null;
          })));
        } else {
          threads.add(Thread.ofPlatform().start(() -> {
            for (int i = 0; i < rounds; i++) {
              int got = Futures.blockOn(toPong.take());
              if (got != i) {
                error.compareAndSet(null, pair + ": expected " + i + ", got " + got);
              }
              delivered.incrementAndGet();
              toPing.put(-got);
            }
          }));
        }
        tasks.add(rt.spawn(ping));
      }
      for (JoinHandle<Void> h : tasks) {
        rt.blockOn(h);
      }
      for (Thread t : threads) {
        t.join();
      }
      assertEquals(null, error.get());
      assertEquals(2 * rounds * (taskPairs + threadPairs), delivered.get());
      eventually("aliveTasks back to 0", () -> rt.metrics().aliveTasks() == 0);
    }
  }

  // ---- spawning and waking while the runtime closes ----

  @ParameterizedTest
  @EnumSource
  void tasksSpawnedOrWokenWhileTheRuntimeClosesAreAllFinishedAfterward(RuntimeFlavour flavour) throws Exception {
    for (int rep = 0; rep < 100; rep++) {
      AsyncRuntime rt = flavour.builder().maxBlockingThreads(2).build();
      List<ConcurrentLinkedQueue<JoinHandle<Integer>>> spawned = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      AtomicInteger count = new AtomicInteger();
      AtomicInteger started = new AtomicInteger();
      AtomicInteger finallies = new AtomicInteger();
      for (int s = 0; s < 3; s++) {
        ConcurrentLinkedQueue<JoinHandle<Integer>> mine = new ConcurrentLinkedQueue<>();
        spawned.add(mine);
        boolean blocking = s == 2;
        threads.add(Thread.ofPlatform().start(() -> {
          for (int i = 0; i < 3_000; i++) { // bounded: on two cores close() may wait for a core
            ManualFuture<Integer> input = new ManualFuture<>();
            int v = i;
            try {
              mine.add(blocking ? rt.spawnBlocking(() -> v)
                  : rt.spawn(i % 2 == 0 ? input : async(() -> {
                    started.incrementAndGet();
                    try {
                      return input.await();
                    } finally {
                      finallies.incrementAndGet();
                    }
                  })));
            } catch (IllegalStateException closed) {
              return;
            }
            count.incrementAndGet();
            if (i % 3 == 0) {
              input.complete(i); // a wake-up from outside, racing the close too
            }
          }
        }));
      }
      int closeAfter = 20 + ThreadLocalRandom.current().nextInt(200);
      while (count.get() < closeAfter) { // spin: a sleep would let thousands pile up
        Thread.onSpinWait();
      }
      rt.close();
      assertEquals(started.get(), finallies.get(),
          "rep " + rep + ": every started block ran its finally before close() returned");
      for (Thread t : threads) {
        t.join();
      }
      for (ConcurrentLinkedQueue<JoinHandle<Integer>> q : spawned) {
        for (JoinHandle<Integer> h : q) {
          assertTrue(h.isFinished(), "rep " + rep + ": task " + h.id() + " was left behind by close");
        }
      }
      assertEquals(0, rt.metrics().aliveTasks(), "rep " + rep);
    }
  }
}
