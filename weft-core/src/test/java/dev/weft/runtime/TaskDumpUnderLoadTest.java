package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.sync.Mpsc;
import dev.weft.test.ManualFuture;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dumps taken over and over, from two threads at once, while a runtime is busy: tasks ping-pong
 * over channels (woken while a dump holds them), yield, sleep, spawn children, block on the
 * blocking pool, and are aborted from outside. Every task must still finish with the right
 * result, no wake-up may be lost, no abort may run its cleanup off the runtime, and every dump
 * must be whole: each task once, with a state, and no problem but the one two dumps meeting on
 * a task may cause.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskDumpUnderLoadTest {
  private static final int PAIRS = 40;
  private static final int ROUNDS = 2000;
  private static final int VICTIMS = 50;

  @ParameterizedTest
  @EnumSource
  void dumpsTakenAtAnyMomentLeaveTheRuntimeRunningCorrectly(RuntimeFlavour flavour)
      throws Exception {
    String prefix = flavour.newPrefix();
    // Quiet: a busy CI machine makes slow polls, and thousands of warnings would bury a report.
    try (RuntimeTesting.QuietLog quiet = RuntimeTesting.quietRuntimeLog();
        AsyncRuntime rt = flavour.builder(prefix).build()) {
      AtomicBoolean loadDone = new AtomicBoolean();
      ConcurrentLinkedQueue<Throwable> dumpFailures = new ConcurrentLinkedQueue<>();
      AtomicInteger dumps = new AtomicInteger();
      AtomicInteger stacksSeen = new AtomicInteger();
      List<Thread> dumpers = new ArrayList<>();
      for (int d = 0; d < 2; d++) {
        Thread t = new Thread(() -> {
          try {
            while (!loadDone.get()) {
              TaskDump dump = rt.dump();
              check(dump, stacksSeen);
              if (dumps.incrementAndGet() % 20 == 0) {
                MiniJson.parse(dump.toJson());
              }
            }
          } catch (Throwable e) {
            dumpFailures.add(e);
          }
        }, prefix + "-test-dumper-" + d);
        t.start();
        dumpers.add(t);
      }

      // Victims: idle forever until aborted from outside, in the middle of the dumps.
      AtomicLong cleanupsOffRuntime = new AtomicLong();
      List<JoinHandle<Void>> victims = new ArrayList<>();
      for (int i = 0; i < VICTIMS; i++) {
        victims.add(rt.spawn("victim-" + i, async(() -> {
          try {
            return new ManualFuture<Void>().await();
          } finally {
            if (!Thread.currentThread().getName().startsWith(prefix)
                && flavour.multiThread) {
              cleanupsOffRuntime.incrementAndGet();
            }
          }
        })));
      }
      Thread aborter = new Thread(() -> {
        for (JoinHandle<Void> v : victims) {
          v.abort();
          Thread.onSpinWait();
        }
      });

      long expected = 0;
      for (int i = 0; i < PAIRS; i++) {
        expected += (long) ROUNDS * (ROUNDS + 1) / 2;
      }
      long total = rt.blockOn(async(() -> {
        aborter.start();
        List<JoinHandle<Long>> pairs = new ArrayList<>();
        for (int p = 0; p < PAIRS; p++) {
          Mpsc.Channel<Integer> ping = Mpsc.bounded(1);
          Mpsc.Channel<Integer> pong = Mpsc.bounded(1);
          Task.spawn("pong-" + p, async(() -> {
            Optional<Integer> v;
            while ((v = ping.receiver().recv().await()).isPresent()) {
              pong.sender().send(v.get()).await();
            }
            pong.sender().close();
            return null;
          }));
          pairs.add(Task.spawn("ping-" + p, async(() -> {
            long sum = 0;
            for (int r = 1; r <= ROUNDS; r++) {
              ping.sender().send(r).await();
              sum += pong.receiver().recv().await().orElseThrow();
              if (r % 50 == 0) {
                Task.yieldNow().await();
                Time.sleep(Duration.ofMillis(1)).await();
                sum += Task.spawn(Futures.lazy(() -> 0L)).await();
                sum += Task.spawnBlocking(() -> 0L).await();
              }
            }
            ping.sender().close();
            return sum;
          })));
        }
        long s = 0;
        for (JoinHandle<Long> h : pairs) {
          s += h.await();
        }
        return s;
      }));
      aborter.join();
      for (JoinHandle<Void> v : victims) {
        assertThrows(CancellationException.class, () -> rt.blockOn(v));
      }
      loadDone.set(true);
      for (Thread t : dumpers) {
        t.join();
      }
      assertEquals(List.of(), new ArrayList<>(dumpFailures), "a dump failed");
      assertEquals(expected, total, "a message was lost or a task misbehaved");
      assertEquals(0, cleanupsOffRuntime.get(), "an abort ran its cleanup off the runtime");
      assertTrue(dumps.get() > 2, "dumps taken: " + dumps.get());
      assertTrue(stacksSeen.get() > 0, "no dump ever caught a suspended block");
      assertEquals(0, rt.metrics().unhandledFailures());
      RuntimeTesting.eventually("every task finished", () -> {
        if (!flavour.multiThread) {
          rt.blockOn(Task.yieldNow()); // the last pongs run only inside a blockOn
        }
        return rt.metrics().aliveTasks() == 0 && rt.dump().tasks().isEmpty();
      });
    }
  }

  private static void check(TaskDump dump, AtomicInteger stacksSeen) {
    Set<Long> ids = new HashSet<>();
    for (TaskInfo t : dump.tasks()) {
      assertTrue(ids.add(t.id()), "task " + t.id() + " twice in one dump");
      assertTrue(t.state() != null);
      assertFalse(t.age().isNegative());
      t.problem().ifPresent(p -> assertTrue(p.startsWith("another task dump"), t.toString()));
      if (t.state() == TaskState.IDLE && !t.stacks().isEmpty()) {
        stacksSeen.incrementAndGet();
      }
    }
    assertTrue(dump.toString().startsWith("task dump of runtime "));
  }
}
