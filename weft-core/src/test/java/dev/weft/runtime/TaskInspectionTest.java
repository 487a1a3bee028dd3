package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.await;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.test.ManualFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RawTask rule 10, step by step through {@link RawTask#inspectIdle}: while a dump holds an idle
 * task, nobody polls it; a wake-up or an abort that arrives meanwhile is not lost but passed on
 * when the dump lets go (the abort still runs on a runtime thread); shutdown waits for the dump;
 * a task that is not idle is not inspected at all; a reader that throws lets go all the same.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskInspectionTest {

  private static <T> RawTask<T> idleTask(AsyncRuntime rt, RuntimeFlavour flavour, Future<T> f) {
    RawTask<T> t = (RawTask<T>) rt.spawn(f);
    if (!flavour.multiThread) {
      rt.blockOn(Task.yieldNow()); // a current-thread runtime polls its tasks inside blockOn
    }
    eventually("the task is idle", () -> TaskDumper.stateOf(t.stateNow()) == TaskState.IDLE
        && t.polls() == 1);
    return t;
  }

  @ParameterizedTest
  @EnumSource
  void aWakeDuringTheInspectionIsPassedOnWhenItEnds(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> f = new ManualFuture<>();
      Future<Integer> block = async(() -> f.await() + 1);
      RawTask<Integer> t = idleTask(rt, flavour, block);
      String seen = t.inspectIdle(future -> {
        f.complete(41); // wakes the task while the dump holds it
        int s = t.stateNow();
        assertTrue((s & RawTask.NOTIFIED) != 0, "the wake-up was recorded");
        assertTrue((s & RawTask.INSPECTED) != 0);
        assertEquals(1, t.polls(), "and nobody polled the task meanwhile");
        return future.describe();
      });
      // Outside a dump's walk a coroutine names no frame; a woven block always can.
      assertTrue(seen.startsWith(BlockEngine.woven(block) ? "woven async block at "
          : "async block <- "), seen);
      assertEquals(42, rt.blockOn(t), "the task was queued when the dump let go, and ran");
      assertEquals(2, t.polls());
    }
  }

  @ParameterizedTest
  @EnumSource
  void anAbortDuringTheInspectionCancelsTheTaskOnARuntimeThread(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (AsyncRuntime rt = flavour.builder(prefix).build()) {
      ManualFuture<Integer> f = new ManualFuture<>();
      AtomicReference<String> cleanedUpOn = new AtomicReference<>();
      RawTask<Integer> t = idleTask(rt, flavour, async(() -> {
        try {
          return f.await();
        } finally {
          cleanedUpOn.set(Thread.currentThread().getName());
        }
      }));
      Thread me = Thread.currentThread();
      t.inspectIdle(future -> {
        t.abort();
        assertNull(cleanedUpOn.get(), "not cancelled on the aborting (dumping) thread");
        return null;
      });
      if (!flavour.multiThread) {
        assertThrows(CancellationException.class, () -> rt.blockOn(t));
        assertEquals(me.getName(), cleanedUpOn.get(), "the current-thread runtime's thread");
      } else {
        assertThrows(CancellationException.class, () -> rt.blockOn(t));
        assertTrue(cleanedUpOn.get().startsWith(prefix + "-worker-"), cleanedUpOn.get());
      }
      assertTrue(f.isCancelled());
    }
  }

  @ParameterizedTest
  @EnumSource
  void closeWaitsForTheInspectionThenCancelsTheTask(RuntimeFlavour flavour) throws Exception {
    AsyncRuntime rt = flavour.build();
    ManualFuture<Integer> f = new ManualFuture<>();
    RawTask<Integer> t = idleTask(rt, flavour, async(() -> f.await()));
    CountDownLatch inspecting = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    Thread dumper = new Thread(() -> t.inspectIdle(future -> {
      inspecting.countDown();
      RuntimeTesting.awaitQuietly(letGo);
      return null;
    }));
    dumper.start();
    await(inspecting, "the inspection to begin");
    Thread closer = new Thread(rt::close);
    closer.start();
    closer.join(200);
    assertTrue(closer.isAlive(), "close() finished while a dump held a task");
    assertTrue(!t.isFinished(), "the task was cancelled while a dump read its future");
    letGo.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(RuntimeTesting.PATIENCE_SECONDS));
    assertTrue(!closer.isAlive(), "close() did not finish after the dump let go");
    dumper.join();
    assertTrue(t.isFinished());
    assertTrue(f.isCancelled(), "the task's future was cancelled by the shutdown");
  }

  @ParameterizedTest
  @EnumSource
  void aTaskThatIsNotIdleIsNotInspected(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      // The poll after the wake-up holds its worker until the inspection is over, so the task
      // is queued or running meanwhile, never idle again (a pending poll would let a
      // multi-thread runtime's worker return it to idle before the inspection).
      CountDownLatch inspected = new CountDownLatch(1);
      AtomicInteger polls = new AtomicInteger();
      RawTask<Integer> t = idleTask(rt, flavour, Futures.pollFn(cx -> {
        if (polls.incrementAndGet() == 1) {
          return Poll.pending();
        }
        RuntimeTesting.awaitQuietly(inspected);
        return Poll.ready(1);
      }));
      t.wake(); // queued (or already being polled) now
      assertNull(t.inspectIdle(future -> {
        throw new AssertionError("a queued or running task was handed to the reader");
      }));
      inspected.countDown();
      assertEquals(1, rt.blockOn(t));
      assertNull(t.inspectIdle(future -> {
        throw new AssertionError("a finished task was handed to the reader");
      }));
    }
  }

  @ParameterizedTest
  @EnumSource
  void aReaderThatThrowsLetsGoAndPassesTheWakeOn(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> f = new ManualFuture<>();
      RawTask<Integer> t = idleTask(rt, flavour, f);
      IllegalStateException thrown = new IllegalStateException("reader failed");
      IllegalStateException caught = assertThrows(IllegalStateException.class,
          () -> t.inspectIdle(future -> {
            f.complete(7);
            throw thrown;
          }));
      assertSame(thrown, caught);
      assertEquals(0, t.stateNow() & RawTask.INSPECTED, "the claim was let go");
      assertEquals(7, rt.blockOn(t));
    }
  }

  @ParameterizedTest
  @EnumSource
  void twoDumpsDoNotHoldOneTaskAtOnce(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      RawTask<Object> t = idleTask(rt, flavour, Futures.pending());
      String outer = t.inspectIdle(future -> {
        assertNull(t.inspectIdle(inner -> "second"), "a second dump got the task");
        TaskInfo info = TaskDumper.read(t, false, rt.scheduler().pollers(), null, 0);
        assertTrue(info.problem().orElseThrow().contains("another task dump"), info.toString());
        return "first";
      });
      assertEquals("first", outer);
      t.abort();
    }
  }
}
