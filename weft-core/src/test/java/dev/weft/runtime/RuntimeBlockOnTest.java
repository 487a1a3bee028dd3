package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import dev.weft.test.PollThreads;
import dev.weft.test.YieldingFuture;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code AsyncRuntime.blockOn}, as its Javadoc states it: where it may and may not be called. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeBlockOnTest {

  @ParameterizedTest
  @EnumSource
  void blockOnReturnsTheValue(RuntimeFlavour flavour) throws Exception {
    try (AsyncRuntime rt = flavour.build()) {
      assertEquals(42, rt.blockOn(Futures.ready(42)));
      assertEquals(43, rt.blockOn(async(() -> YieldingFuture.after(3, 40).await() + 3)));
      ManualFuture<String> late = new ManualFuture<>();
      Thread completer = Thread.ofPlatform().start(() -> {
        eventually("blockOn polled the future", late::hasWaker);
        late.complete("late");
      });
      assertEquals("late", rt.blockOn(late));
      completer.join();
      assertNull(rt.blockOn(Futures.ready(null)));
    }
  }

  @ParameterizedTest
  @EnumSource
  void blockOnThrowsUncheckedFailuresAsTheyAre(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      IllegalArgumentException unchecked = new IllegalArgumentException("boom");
      assertSame(unchecked, assertThrows(IllegalArgumentException.class,
          () -> rt.blockOn(Futures.failed(unchecked))));
      assertSame(unchecked, assertThrows(IllegalArgumentException.class,
          () -> rt.blockOn(async(() -> {
            YieldingFuture.after(1, 0).await();
            throw unchecked;
          }))));
      AssertionError error = new AssertionError("an error");
      assertSame(error, assertThrows(AssertionError.class, () -> rt.blockOn(Futures.failed(error))));
    }
  }

  @ParameterizedTest
  @EnumSource
  void blockOnWrapsACheckedFailureInCompletionExceptionWhoseCauseIsTheOriginal(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      IOException checked = new IOException("checked");
      assertSame(checked, assertThrows(CompletionException.class,
          () -> rt.blockOn(Futures.failed(checked))).getCause());
      assertSame(checked, assertThrows(CompletionException.class,
          () -> rt.blockOn(async(() -> {
            YieldingFuture.after(1, 0).await();
            throw checked;
          }))).getCause());
      // through a task and its JoinHandle, too
      assertSame(checked, assertThrows(CompletionException.class,
          () -> rt.blockOn(rt.spawn(Futures.failed(checked)))).getCause());
    }
  }

  @ParameterizedTest
  @EnumSource
  void blockOnInsideAnAsyncBlockThrowsIllegalStateException(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> rt.blockOn(async(() -> rt.blockOn(Futures.ready(1)))));
      assertTrue(e.getMessage().contains("async block") && e.getMessage().contains("await()"),
          e.getMessage());
      // the runtime is fine afterwards
      assertEquals(1, rt.blockOn(Futures.ready(1)));
    }
  }

  @ParameterizedTest
  @EnumSource
  void blockOnFromATaskThrowsIllegalStateException(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      JoinHandle<Integer> task = rt.spawn(Futures.lazy(() -> rt.blockOn(Futures.ready(1))));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.blockOn(task));
      assertTrue(e.getMessage().contains("runtime") && e.getMessage().contains("Task.spawn"),
          e.getMessage());
      // the same from a task of another runtime's blockOn: a runtime thread is a runtime thread
      try (AsyncRuntime other = flavour.build()) {
        JoinHandle<Integer> cross = rt.spawn(Futures.lazy(() -> other.blockOn(Futures.ready(2))));
        assertThrows(IllegalStateException.class, () -> rt.blockOn(cross));
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void blockOnInsideAnotherBlockOnThrowsIllegalStateException(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build(); AsyncRuntime other = flavour.build()) {
      IllegalStateException same = assertThrows(IllegalStateException.class,
          () -> rt.blockOn(Futures.lazy(() -> rt.blockOn(Futures.ready(1)))));
      assertTrue(same.getMessage().contains("blockOn"), same.getMessage());
      assertThrows(IllegalStateException.class,
          () -> rt.blockOn(Futures.lazy(() -> other.blockOn(Futures.ready(1)))));
      assertThrows(IllegalStateException.class,
          () -> rt.blockOn(Futures.lazy(() -> Futures.blockOn(Futures.ready(1)))));
      assertEquals(3, rt.blockOn(Futures.ready(3)), "the runtime is fine afterwards");
    }
  }

  @ParameterizedTest
  @EnumSource
  void blockOnAfterCloseThrowsIllegalStateException(RuntimeFlavour flavour) {
    AsyncRuntime rt = flavour.build();
    rt.close();
    ManualFuture<Integer> never = new ManualFuture<>();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.blockOn(never));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertEquals(0, never.pollCount(), "nothing was polled");
  }

  @ParameterizedTest
  @EnumSource
  void blockOnNullThrowsNullPointerException(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      assertThrows(NullPointerException.class, () -> rt.blockOn(null));
    }
  }

  @ParameterizedTest
  @EnumSource
  void tasksRunOnTheBlockOnThreadOnlyOnTheCurrentThreadRuntime(RuntimeFlavour flavour) {
    String prefix = flavour.newPrefix();
    try (AsyncRuntime rt = flavour.builder(prefix).build()) {
      String caller = Thread.currentThread().getName();
      PollThreads polls = new PollThreads();
      PollThreads blockOnPolls = new PollThreads();
      rt.blockOn(blockOnPolls.record(async(() -> {
        for (int i = 0; i < 20; i++) {
          Task.spawn(polls.record(async(() -> YieldingFuture.after(2, 0).await()))).await();
        }
        return null;
      })));
      assertEquals(Set.of(caller), blockOnPolls.distinct(), "the blockOn future is polled here");
      for (String t : polls.distinct()) {
        if (flavour.multiThread) {
          assertNotEquals(caller, t, "on multi-thread the caller's thread runs only its future");
          assertTrue(t.startsWith(prefix + "-worker-"), t);
        } else {
          assertEquals(caller, t, "the current-thread runtime runs tasks on the blockOn thread");
        }
      }
    }
  }
}
