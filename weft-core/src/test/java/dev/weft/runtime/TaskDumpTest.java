package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.await;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.sync.Mpsc;
import dev.weft.test.ManualFuture;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@link AsyncRuntime#dump()} shows for each kind of task, on every flavour: the await
 * stack of a suspended async block, the combinator chain of a poll-based future, names, poll
 * counts, ages, spawn sites, pinning, running, queued and blocking tasks; that a closed
 * runtime's dump is empty; and that a task that cannot be rendered leaves the rest intact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskDumpTest {

  private static TaskInfo only(TaskDump dump, long id) {
    return dump.tasks().stream().filter(t -> t.id() == id).findFirst()
        .orElseThrow(() -> new AssertionError("task " + id + " is not in the dump:\n" + dump));
  }

  /** Waits until the task's last poll returned pending and nothing woke it since. */
  private static void awaitIdle(AsyncRuntime rt, JoinHandle<?> h) {
    RawTask<?> t = (RawTask<?>) h;
    eventually("task " + h.id() + " is idle", () -> TaskDumper.stateOf(t.stateNow())
        == TaskState.IDLE && t.polls() > 0);
  }

  @ParameterizedTest
  @EnumSource
  void anAsyncBlockSuspendedInAwaitShowsWhereItWaitsAndOnWhat(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      Mpsc.Channel<String> ch = Mpsc.bounded(1);
      Future<Optional<String>> block = async(() -> ch.receiver().recv().await());
      boolean woven = BlockEngine.woven(block);
      JoinHandle<Optional<String>> h = rt.spawn("reader", block);
      if (!flavour.multiThread) {
        rt.blockOn(Task.yieldNow()); // a current-thread runtime polls its tasks inside blockOn
      }
      awaitIdle(rt, h);
      TaskInfo t = only(rt.dump(), h.id());
      assertEquals(Optional.of("reader"), t.name());
      assertEquals(TaskState.IDLE, t.state());
      assertEquals(1, t.polls());
      assertFalse(t.blocking());
      String awaiting = t.awaiting().orElseThrow();
      assertTrue(awaiting.startsWith(BlockEngine.blockAt(woven)
          + "dev.weft.runtime.TaskDumpTest.lambda$"), awaiting);
      assertTrue(awaiting.endsWith(" <- recv(mpsc)"), awaiting);
      assertEquals(1, t.stacks().size(), t.toString());
      List<StackTraceElement> stack = t.stacks().get(0);
      if (woven) {
        // A state machine has no stack: the one frame of its await, the line the text names.
        assertEquals(1, stack.size(), t.toString());
        assertTrue(awaiting.contains(" at " + stack.get(0) + " <- "), t.toString());
        assertTrue(stack.get(0).getLineNumber() > 0, t.toString());
      } else {
        assertEquals("dev.weft.future.Future.await", frame(stack.get(0)), t.toString());
        assertEquals(TaskDumpTest.class.getName(), stack.get(1).getClassName(), t.toString());
      }
      assertTrue(stack.stream().noneMatch(e -> e.getClassName().startsWith("dev.weft.internal")),
          "the engine's frames are left out: " + stack);
      // A coroutine resumes only on the worker it suspended on; a state machine anywhere.
      assertEquals(flavour.multiThread && !woven, t.worker().isPresent(), "pinned to its worker");
      assertEquals(Optional.empty(), t.problem());
      assertTrue(ch.sender().trySend("x"));
      assertEquals(Optional.of("x"), rt.blockOn(h), "the dump left the task as it was");
    }
  }

  /** Dumps until the running task's thread has got from its latch's countDown into an await. */
  private static TaskInfo dumpUntilInLatchAwait(AsyncRuntime rt, long id) {
    TaskInfo[] last = new TaskInfo[1];
    eventually("the running task's stack shows the latch's await", () -> {
      last[0] = only(rt.dump(), id);
      return !last[0].stacks().isEmpty() && last[0].stacks().get(0).stream()
          .anyMatch(e -> frame(e).equals("java.util.concurrent.CountDownLatch.await"));
    });
    return last[0];
  }

  private static String frame(StackTraceElement e) {
    return e.getClassName() + "." + e.getMethodName();
  }

  @ParameterizedTest
  @EnumSource
  void aPollBasedFutureShowsItsChainOfCombinators(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      Mpsc.Channel<String> ch = Mpsc.bounded(1);
      Future<Object> chain = Time.timeout(Duration.ofSeconds(2),
          Futures.race(ch.receiver().recv(), Time.sleep(Duration.ofMinutes(1))));
      JoinHandle<Object> h = rt.spawn(chain);
      if (!flavour.multiThread) {
        rt.blockOn(Task.yieldNow());
      }
      awaitIdle(rt, h);
      TaskInfo t = only(rt.dump(), h.id());
      assertEquals(Optional.of("timeout(2 s) <- race(2) <- [recv(mpsc) | sleep(1 min)]"),
          t.awaiting());
      assertEquals(List.of(), t.stacks(), "no async block, no stack");
      assertEquals(Optional.empty(), t.name());
      assertEquals(OptionalInt.empty(), t.worker(), "a task without a coroutine is pinned nowhere");
      h.abort();
    }
  }

  @ParameterizedTest
  @EnumSource
  void everySuspendedBlockInATaskShowsItsStackOutermostFirst(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Integer> a = new ManualFuture<>("a");
      ManualFuture<Integer> b = new ManualFuture<>("b");
      JoinHandle<Integer> h = rt.spawn(async(() -> {
        var both = Futures.join(async(() -> a.await()), async(() -> b.await())).await();
        return both.first() + both.second();
      }));
      if (!flavour.multiThread) {
        rt.blockOn(Task.yieldNow());
      }
      awaitIdle(rt, h);
      TaskInfo t = only(rt.dump(), h.id());
      String awaiting = t.awaiting().orElseThrow();
      String at = BlockEngine.blockAt(BlockEngine.WOVEN);
      assertTrue(awaiting.matches(at + ".* <- join\\(2\\) <- \\[" + at + ".*"
          + " <- ManualFuture \\| " + at + ".* <- ManualFuture\\]"), awaiting);
      assertEquals(3, t.stacks().size(), t.toString());
      a.complete(1);
      b.complete(2);
      assertEquals(3, rt.blockOn(h));
    }
  }

  @ParameterizedTest
  @EnumSource
  void pollsCountEveryPollAndAgeGrowsWithTime(RuntimeFlavour flavour) throws Exception {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Void> gate = new ManualFuture<>("gate");
      JoinHandle<Void> h = rt.spawn(async(() -> {
        Task.yieldNow().await();
        Task.yieldNow().await();
        return gate.await();
      }));
      if (!flavour.multiThread) {
        rt.blockOn(async(() -> {
          for (int i = 0; i < 5; i++) {
            Task.yieldNow().await();
          }
          return null;
        }));
      }
      awaitIdle(rt, h);
      Thread.sleep(300);
      TaskInfo t = only(rt.dump(), h.id());
      assertEquals(3, t.polls(), "two yields and the await: three polls");
      assertTrue(t.age().compareTo(Duration.ofMillis(250)) >= 0, "age " + t.age());
      assertTrue(t.age().compareTo(Duration.ofSeconds(50)) < 0, "age " + t.age());
      gate.complete(null);
      rt.blockOn(h);
    }
  }

  @Test
  void spawnSitesAreCapturedOnlyWhenTheRuntimeAsksForThem() {
    try (AsyncRuntime with = RuntimeFlavour.MULTI_THREAD_1.builder().captureSpawnSites(true)
            .build();
        AsyncRuntime without = RuntimeFlavour.MULTI_THREAD_1.build()) {
      ManualFuture<Void> never = new ManualFuture<>();
      JoinHandle<Void> a = with.spawn(never);
      JoinHandle<Void> b = without.spawn(new ManualFuture<Void>());
      awaitIdle(with, a);
      awaitIdle(without, b);
      List<StackTraceElement> site = only(with.dump(), a.id()).spawnedAt();
      assertEquals(TaskDumpTest.class.getName(), site.get(0).getClassName(), site.toString());
      assertEquals("spawnSitesAreCapturedOnlyWhenTheRuntimeAsksForThem",
          site.get(0).getMethodName());
      assertEquals(List.of(), only(without.dump(), b.id()).spawnedAt());
      assertTrue(with.dump().toString().contains("  spawned at:\n    at " + site.get(0)));
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"MULTI_THREAD_1", "MULTI_THREAD_4"})
  void aRunningTaskShowsTheStackOfTheThreadThatPollsIt(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (AsyncRuntime rt = flavour.builder(prefix).slowPollDetection(false).build()) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      JoinHandle<Void> h = rt.spawn("blocker", Futures.lazy(() -> {
        started.countDown();
        RuntimeTesting.awaitQuietly(release); // a blocking call inside a task, on purpose
        return null;
      }));
      await(started, "the task to start");
      TaskInfo t = dumpUntilInLatchAwait(rt, h.id());
      release.countDown();
      assertEquals(TaskState.RUNNING, t.state());
      assertTrue(t.thread().orElseThrow().startsWith(prefix + "-worker-"), t.toString());
      assertTrue(t.worker().isPresent());
      assertEquals(Optional.empty(), t.awaiting(), "a running task is not described");
      assertTrue(t.stacks().get(0).stream()
          .anyMatch(e -> frame(e).equals("java.util.concurrent.CountDownLatch.await")),
          t.toString());
      assertTrue(t.stacks().get(0).stream()
          .noneMatch(e -> e.getClassName().equals(Worker.class.getName())),
          "the runtime's own frames are cut off: " + t);
      rt.blockOn(h);
    }
  }

  @Test
  void aTaskWaitingForItsFirstPollIsScheduled() {
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      JoinHandle<Integer> h = rt.spawn(Futures.ready(1)); // nothing polls it outside blockOn
      TaskInfo t = only(rt.dump(), h.id());
      assertEquals(TaskState.SCHEDULED, t.state());
      assertEquals(0, t.polls());
      assertEquals(Optional.empty(), t.awaiting());
      assertEquals(1, rt.blockOn(h));
      assertEquals(List.of(), rt.dump().tasks(), "a finished task is not listed");
    }
  }

  @ParameterizedTest
  @EnumSource
  void aBlockingTaskShowsItsThreadAndStack(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (AsyncRuntime rt = flavour.builder(prefix).build()) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      JoinHandle<Integer> h = rt.spawnBlocking(() -> {
        started.countDown();
        release.await();
        return 4;
      });
      await(started, "the blocking task to start");
      TaskInfo t = dumpUntilInLatchAwait(rt, h.id());
      release.countDown();
      assertTrue(t.blocking());
      assertEquals(TaskState.RUNNING, t.state());
      assertTrue(t.thread().orElseThrow().startsWith(prefix + "-blocking-"), t.toString());
      assertTrue(t.stacks().get(0).stream()
          .anyMatch(e -> frame(e).equals("java.util.concurrent.CountDownLatch.await")),
          t.toString());
      assertEquals(4, rt.blockOn(h));
    }
  }

  @ParameterizedTest
  @EnumSource
  void theDumpOfAClosedRuntimeIsEmpty(RuntimeFlavour flavour) {
    AsyncRuntime rt = flavour.build();
    rt.spawn(new ManualFuture<Void>());
    rt.close();
    TaskDump d = rt.dump();
    assertEquals(List.of(), d.tasks());
    assertTrue(d.toString().contains(": 0 tasks"), d.toString());
    assertTrue(d.toJson().endsWith("\"tasks\":[]}"), d.toJson());
  }

  /** A future of a user's whose describe() throws. */
  private static final class BadlyDescribed implements Future<Void> {
    @Override
    public Poll<Void> poll(Context cx) {
      return Poll.pending();
    }

    @Override
    public String describe() {
      throw new IllegalStateException("no words for it");
    }
  }

  @ParameterizedTest
  @EnumSource
  void aTaskThatCannotBeRenderedLeavesTheRestOfTheDumpIntact(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      JoinHandle<Void> bad = rt.spawn("bad", new BadlyDescribed());
      ManualFuture<Void> fine = new ManualFuture<>("fine");
      JoinHandle<Void> good = rt.spawn("good", async(() -> fine.await()));
      if (!flavour.multiThread) {
        rt.blockOn(Task.yieldNow());
      }
      awaitIdle(rt, bad);
      awaitIdle(rt, good);
      TaskDump d = rt.dump();
      TaskInfo b = only(d, bad.id());
      assertEquals(Optional.of("bad"), b.name());
      assertTrue(b.problem().orElseThrow().contains("IllegalStateException: no words for it"),
          b.toString());
      assertEquals(Optional.empty(), b.awaiting());
      TaskInfo g = only(d, good.id());
      assertEquals(Optional.empty(), g.problem());
      assertTrue(g.awaiting().orElseThrow().endsWith("<- ManualFuture"), g.toString());
      assertEquals(1, g.stacks().size());
      assertTrue(d.toString().contains("(reading this task failed: java.lang.IllegalStateException:"
          + " no words for it)"), d.toString());
      // The failed inspection let go of the task: it still runs and can be aborted.
      bad.abort();
      fine.complete(null);
      rt.blockOn(good);
      eventually("the bad task to finish", bad::isFinished);
    }
  }

  @ParameterizedTest
  @EnumSource
  void aDumpTakenInsideATaskShowsThatTaskRunning(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      ManualFuture<Void> never = new ManualFuture<>();
      JoinHandle<Void> idle = rt.spawn(async(() -> never.await()));
      JoinHandle<TaskDump> self = rt.spawn(async(() -> {
        Task.yieldNow().await(); // lets the other task go idle first on one thread
        return AsyncRuntime.current().orElseThrow().dump();
      }));
      TaskDump d = rt.blockOn(self);
      assertEquals(TaskState.RUNNING, only(d, self.id()).state());
      TaskInfo other = only(d, idle.id());
      if (other.state() == TaskState.IDLE) {
        assertEquals(1, other.stacks().size(), other.toString());
      }
      idle.abort();
    }
  }

  @Test
  void theJsonFormHasEveryFieldAndEscapesText() {
    try (AsyncRuntime rt = AsyncRuntime.builder().threadName("json \"quoted\"").build()) {
      JoinHandle<Void> h = rt.spawn("a \"name\"\twith\\odd\ncharacters",
          async(() -> new ManualFuture<Void>().await()));
      rt.blockOn(Task.yieldNow());
      awaitIdle(rt, h);
      Map<?, ?> json = (Map<?, ?>) MiniJson.parse(rt.dump().toJson());
      assertEquals("json \"quoted\"", json.get("runtime"));
      assertEquals("current-thread", json.get("flavour"));
      List<?> tasks = (List<?>) json.get("tasks");
      assertEquals(1, tasks.size());
      Map<?, ?> t = (Map<?, ?>) tasks.get(0);
      assertEquals((double) h.id(), t.get("id"));
      assertEquals("a \"name\"\twith\\odd\ncharacters", t.get("name"));
      assertEquals("idle", t.get("state"));
      assertEquals(false, t.get("blocking"));
      assertEquals(1.0, t.get("polls"));
      assertTrue(t.containsKey("ageMillis") && t.containsKey("worker") && t.containsKey("thread")
          && t.containsKey("spawnedAt") && t.containsKey("problem"), t.toString());
      assertTrue(((String) t.get("awaiting")).endsWith("<- ManualFuture"), t.toString());
      List<?> stacks = (List<?>) t.get("stacks");
      assertEquals(1, stacks.size());
      assertTrue(((String) ((List<?>) stacks.get(0)).get(0)).startsWith(BlockEngine.WOVEN
          ? "dev.weft.runtime.TaskDumpTest.lambda$" // a state machine: the frame of its await
          : "dev.weft.future.Future.await("), stacks.toString());
      h.abort();
    }
  }
}
