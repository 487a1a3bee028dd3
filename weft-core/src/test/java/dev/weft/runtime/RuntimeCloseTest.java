package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.assertNoThreadLeft;
import static dev.weft.runtime.RuntimeTesting.await;
import static dev.weft.runtime.RuntimeTesting.awaitQuietly;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static dev.weft.runtime.RuntimeTesting.liveThreads;
import static dev.weft.runtime.RuntimeTesting.sleepQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.RuntimeTesting.Latch;
import dev.weft.runtime.RuntimeTesting.Occupied;
import dev.weft.test.ManualFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code AsyncRuntime.close()}: the shutdown protocol (MultiThreadScheduler's class comment,
 * docs/ARCHITECTURE.md "Shutdown") and what close's Javadoc promises.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeCloseTest {

  /** Every handle finished, as aborted: awaiting it would give CancellationException. */
  private static void assertAllCancelled(List<? extends JoinHandle<?>> handles) {
    for (JoinHandle<?> h : handles) {
      assertTrue(h.isFinished(), "task " + h.id() + " not finished after close");
      assertTrue(h.toCompletableFuture().isCancelled(), "task " + h.id() + " not cancelled");
    }
  }

  @ParameterizedTest
  @EnumSource
  void closeCancelsIdleAndQueuedTasksAndEveryFinallyRuns(RuntimeFlavour flavour) {
    AsyncRuntime rt = flavour.build();
    int idle = 20;
    int busy = 10;
    AtomicInteger finallies = new AtomicInteger();
    Latch started = new Latch(idle + busy);
    List<ManualFuture<Integer>> inputs = new ArrayList<>();
    List<JoinHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < idle; i++) {
      ManualFuture<Integer> input = new ManualFuture<>();
      inputs.add(input);
      handles.add(rt.spawn(async(() -> {
        try {
          started.countDown();
          return input.await();
        } finally {
          finallies.incrementAndGet();
        }
      })));
    }
    for (int i = 0; i < busy; i++) {
      handles.add(rt.spawn(async(() -> {
        try {
          started.countDown();
          while (true) { // always runnable: in a run queue or running when close comes
            Task.yieldNow().await();
          }
        } finally {
          finallies.incrementAndGet();
        }
      })));
    }
    rt.blockOn(started.done());
    rt.close();
    assertEquals(idle + busy, finallies.get(), "every task's finally ran, once");
    for (ManualFuture<Integer> input : inputs) {
      assertEquals(1, input.cancelCount());
    }
    assertAllCancelled(handles);
    assertEquals(0, rt.metrics().aliveTasks());
  }

  @ParameterizedTest
  @EnumSource
  void closeCancelsTasksThatWereNeverPolled(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    List<ManualFuture<Integer>> futures = new ArrayList<>();
    List<JoinHandle<Integer>> handles = new ArrayList<>();
    Occupied busy = Occupied.allWorkers(rt, flavour);
    for (int i = 0; i < 10; i++) {
      ManualFuture<Integer> f = new ManualFuture<>();
      futures.add(f);
      handles.add(rt.spawn(f));
    }
    if (flavour.multiThread) {
      // Every worker is inside a poll, so close cannot be done at once; the queues close before
      // the workers are let go, and a worker whose poll returns cancels what is queued instead
      // of polling it.
      assertFalse(rt.close(Duration.ZERO), "close was done while every worker was in a poll");
      busy.release();
      eventually("the runtime's threads to end", () -> liveThreads(prefix).isEmpty());
    } else {
      rt.close();
    }
    for (ManualFuture<Integer> f : futures) {
      assertEquals(0, f.pollCount(), "polled");
      assertEquals(1, f.cancelCount(), "cancelled once");
    }
    assertAllCancelled(handles);
  }

  @ParameterizedTest
  @EnumSource
  void closeWhileABlockOnRunsCancelsTasksOnItsThreadAndTheBlockOnEndsWithCancellation(RuntimeFlavour flavour) throws Exception {
    AsyncRuntime rt = flavour.build();
    AtomicInteger finallies = new AtomicInteger();
    ManualFuture<Integer> never = new ManualFuture<>();
    Latch started = new Latch(5);
    List<JoinHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      handles.add(rt.spawn(async(() -> {
        try {
          started.countDown();
          return new ManualFuture<Integer>().await();
        } finally {
          finallies.incrementAndGet();
        }
      })));
    }
    AtomicReference<Throwable> blockOnOutcome = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().start(() -> {
      try {
        rt.blockOn(async(() -> {
          started.done().await();
          return never.await();
        }));
      } catch (Throwable t) {
        blockOnOutcome.set(t);
      }
    });
    started.awaitOutside();
    eventually("blockOn waits on its future", never::hasWaker);
    rt.close();
    caller.join(TimeUnit.SECONDS.toMillis(RuntimeTesting.PATIENCE_SECONDS));
    assertFalse(caller.isAlive(), "blockOn did not return after close");
    assertInstanceOf(CancellationException.class, blockOnOutcome.get());
    assertEquals(1, never.cancelCount(), "blockOn's future was cancelled");
    assertEquals(5, finallies.get());
    assertAllCancelled(handles);
  }

  @ParameterizedTest
  @EnumSource
  void noThreadOfTheRuntimeIsLeftAfterClose(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    rt.blockOn(async(() -> {
      List<JoinHandle<Integer>> hs = new ArrayList<>();
      CountDownLatch together = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        hs.add(Task.spawnBlocking(() -> {
          together.countDown();
          awaitQuietly(together);
          return 1;
        }));
      }
      for (int i = 0; i < 20; i++) {
        Task.spawn(new ManualFuture<Integer>()); // left idle for close to cancel
        hs.add(Task.spawn(async(() -> Task.yieldNow().then(v -> Futures.ready(1)).await())));
      }
      for (JoinHandle<Integer> h : hs) {
        h.await();
      }
      return null;
    }));
    List<String> before = liveThreads(prefix);
    assertTrue(before.stream().anyMatch(t -> t.contains("-blocking-")), before.toString());
    if (flavour.multiThread) {
      assertEquals(flavour.workers, before.stream().filter(t -> t.contains("-worker-")).count());
    }
    rt.close();
    assertNoThreadLeft(prefix);
  }

  @ParameterizedTest
  @EnumSource
  void closingTwiceIsFine(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    assertEquals(1, rt.blockOn(rt.spawn(Futures.ready(1))));
    rt.close();
    rt.close();
    assertTrue(rt.close(Duration.ofSeconds(1)));
    assertNoThreadLeft(prefix);
  }

  @ParameterizedTest
  @EnumSource
  void closeFromInsideTheRuntimeThrowsIllegalStateException(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      IllegalStateException fromTask = assertThrows(IllegalStateException.class,
          () -> rt.blockOn(rt.spawn(Futures.lazy(() -> {
            rt.close();
            return null;
          }))));
      assertTrue(fromTask.getMessage().contains("outside"), fromTask.getMessage());
      assertThrows(IllegalStateException.class, () -> rt.blockOn(rt.spawnBlocking(() -> {
        rt.close();
        return null;
      })));
      assertThrows(IllegalStateException.class, () -> rt.blockOn(Futures.lazy(() -> {
        rt.close();
        return null;
      })));
      assertFalse(rt.isClosed());
      assertEquals(2, rt.blockOn(rt.spawn(Futures.ready(2))), "the runtime still works");
    }
  }

  @ParameterizedTest
  @EnumSource
  void closeWaitsForARunningBlockingTaskAndDoesNotInterruptIt(RuntimeFlavour flavour) throws Exception {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger order = new AtomicInteger();
    AtomicInteger taskEnded = new AtomicInteger();
    AtomicBoolean interrupted = new AtomicBoolean();
    JoinHandle<String> h = rt.spawnBlocking(() -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      taskEnded.set(order.incrementAndGet());
      return "done";
    });
    await(running, "the blocking task");
    AtomicInteger closeReturned = new AtomicInteger();
    Thread closer = Thread.ofPlatform().start(() -> {
      rt.close();
      closeReturned.set(order.incrementAndGet());
    });
    eventually("close() began", rt::isClosed);
    eventually("close() waits", () -> closer.getState() == Thread.State.WAITING
        || closer.getState() == Thread.State.TIMED_WAITING || closeReturned.get() != 0);
    assertEquals(0, closeReturned.get(), "close() returned while a blocking task still ran");
    release.countDown();
    closer.join();
    assertEquals(1, taskEnded.get());
    assertEquals(2, closeReturned.get(), "close() returned after the blocking task ended");
    assertFalse(interrupted.get(), "close() interrupted the blocking task");
    assertEquals("done", h.toCompletableFuture().join(), "its value arrived");
    assertNoThreadLeft(prefix);
  }

  @ParameterizedTest
  @EnumSource
  void closeWithALimitReturnsFalseWhenABlockingTaskStillRunsAtTheLimit(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JoinHandle<String> h = rt.spawnBlocking(() -> {
      running.countDown();
      awaitQuietly(release);
      return "late";
    });
    await(running, "the blocking task");
    assertFalse(rt.close(Duration.ofMillis(100)));
    assertTrue(rt.isClosed());
    assertFalse(h.isFinished());
    release.countDown();
    assertEquals("late", h.toCompletableFuture().join(), "the blocking task still finished");
    eventually("the blocking thread ended", () -> liveThreads(prefix).isEmpty());
  }

  /**
   * A close after one that returned false at its limit waits for what was still running: a
   * plain close() returns only once the blocking task finished and every thread of the runtime
   * ended; a close(limit) returns false again while the task runs, true once it finished.
   */
  @ParameterizedTest
  @EnumSource
  void aCloseAfterACloseThatTimedOutWaitsForTheBlockingTaskStillRunning(RuntimeFlavour flavour)
      throws Exception {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    JoinHandle<String> h = rt.spawnBlocking(() -> {
      running.countDown();
      awaitQuietly(release);
      Thread.sleep(50);
      done.set(true);
      return "late";
    });
    await(running, "the blocking task");
    assertFalse(rt.close(Duration.ofMillis(100)));
    assertFalse(rt.close(Duration.ofMillis(50)), "the blocking task still runs");
    Thread releaser = Thread.ofPlatform().start(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      release.countDown();
    });
    rt.close();
    assertTrue(done.get(), "close() returned before the blocking task finished");
    assertTrue(h.isFinished());
    assertNoThreadLeft(prefix);
    assertTrue(rt.close(Duration.ZERO), "once everything stopped, a close returns true at once");
    releaser.join();
  }

  /**
   * The same when what still runs at the limit is the cancellation of tasks whose cleanup is
   * slow: a later close() returns once every task's finally has run.
   */
  @ParameterizedTest
  @EnumSource
  void aCloseAfterACloseThatTimedOutWaitsForSlowCleanups(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    int tasks = 4;
    AtomicInteger finallies = new AtomicInteger();
    Latch started = new Latch(tasks);
    for (int i = 0; i < tasks; i++) {
      rt.spawn(async(() -> {
        try {
          started.countDown();
          return new ManualFuture<Integer>().await();
        } finally {
          sleepQuietly(100); // a slow cleanup: what no poll should do, but users write
          finallies.incrementAndGet();
        }
      }));
    }
    rt.blockOn(started.done());
    assertFalse(rt.close(Duration.ofMillis(20)), "four cleanups of 100 ms each outlast 20 ms");
    rt.close();
    assertEquals(tasks, finallies.get(), "close() returned before every cleanup ran");
    assertNoThreadLeft(prefix);
  }

  /**
   * A thread that runs tasks is stuck in a poll (on the current-thread runtime, a caller inside
   * blockOn): close(limit) returns false at the limit instead of waiting for it, and the task is
   * cancelled on that thread once its poll returns.
   */
  @ParameterizedTest
  @EnumSource
  void closeWithALimitReturnsFalseWhileARuntimeThreadIsStuckInAPoll(RuntimeFlavour flavour) throws Exception {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger cancels = new AtomicInteger();
    JoinHandle<Integer> stuck = rt.spawn(new Future<Integer>() {
      @Override
      public Poll<Integer> poll(Context cx) {
        inPoll.countDown();
        awaitQuietly(release); // a poll that blocks: what a runtime thread must never do
        return Poll.pending();
      }

      @Override
      public void cancel() {
        cancels.incrementAndGet();
      }
    });
    AtomicReference<Throwable> callerOutcome = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().start(() -> {
      if (!flavour.multiThread) {
        try {
          rt.blockOn(stuck); // this thread runs the tasks, and gets stuck in that poll
        } catch (Throwable t) {
          callerOutcome.set(t);
        }
      }
    });
    await(inPoll, "the stuck poll");
    boolean stopped = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> rt.close(Duration.ofMillis(100)), "close(limit) waited past its limit");
    assertFalse(stopped, "a thread of the runtime was still running at the limit");
    release.countDown();
    caller.join();
    eventually("the stuck task was cancelled when its poll returned", stuck::isFinished);
    assertTrue(stuck.toCompletableFuture().isCancelled());
    assertEquals(1, cancels.get());
    if (!flavour.multiThread) {
      assertInstanceOf(CancellationException.class, callerOutcome.get());
    }
    eventually("the runtime's threads ended", () -> liveThreads(prefix).isEmpty());
  }

  @ParameterizedTest
  @EnumSource
  void closeWithALimitReturnsTrueWhenEverythingStopped(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.builder(prefix).build();
    rt.spawn(new ManualFuture<Integer>());
    assertEquals(1, rt.blockOn(rt.spawnBlocking(() -> 1)));
    assertTrue(rt.close(Duration.ofSeconds(RuntimeTesting.PATIENCE_SECONDS)));
    assertNoThreadLeft(prefix);
    assertThrows(IllegalArgumentException.class, () -> flavour.build().close(Duration.ofMillis(-1)));
  }

  @ParameterizedTest
  @EnumSource
  void aTaskAwaitingAnotherTasksHandleIsCancelledCleanly(RuntimeFlavour flavour) {
    AsyncRuntime rt = flavour.build();
    AtomicInteger finallies = new AtomicInteger();
    Latch started = new Latch(2);
    CompletableFuture<Integer> outer = rt.spawn(async(() -> {
      try {
        JoinHandle<Integer> inner = Task.spawn(async(() -> {
          try {
            started.countDown();
            return new ManualFuture<Integer>().await();
          } finally {
            finallies.incrementAndGet();
          }
        }));
        started.countDown();
        return inner.await();
      } finally {
        finallies.incrementAndGet();
      }
    })).toCompletableFuture();
    rt.blockOn(started.done());
    rt.close();
    assertEquals(2, finallies.get());
    assertTrue(outer.isCancelled());
  }
}
