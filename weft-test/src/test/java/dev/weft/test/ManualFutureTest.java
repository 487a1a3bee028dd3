package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** ManualFuture: completed or failed by hand; counts polls and cancels. */
class ManualFutureTest {

  @Test
  void pendingUntilCompletedThenReadyOnEveryPoll() {
    ManualFuture<String> f = new ManualFuture<>("f");
    MockTask<String> task = MockTask.of(f);
    assertFalse(f.hasWaker());
    task.assertPending();
    assertTrue(f.hasWaker());
    f.complete("done");
    assertEquals("done", task.assertReady());
    assertEquals("done", task.assertReady(), "not fused, but ready again: a test double");
    assertEquals(3, f.pollCount());
  }

  @Test
  void aFailureIsThrownUnchangedEvenWhenChecked() {
    IOException io = new IOException("io");
    ManualFuture<String> f = new ManualFuture<>();
    f.fail(io);
    assertSame(io, MockTask.of(f).assertFails());
  }

  @Test
  void completingWakesOnlyTheLatestPoller() {
    ManualFuture<Integer> f = new ManualFuture<>();
    MockTask<Integer> first = MockTask.of(f);
    MockTask<Integer> second = MockTask.of(f);
    first.assertPending();
    second.assertPending();
    f.complete(1);
    assertFalse(first.isWoken(), "its waker was replaced");
    assertTrue(second.isWoken());
  }

  @Test
  void countsCancelsAndAPollAfterACancelFailsTheTest() {
    ManualFuture<Integer> f = new ManualFuture<>("loser");
    MockTask<Integer> race = MockTask.of(Futures.race(f, Futures.ready(2)));
    assertEquals(2, race.assertReady());
    assertTrue(f.isCancelled());
    assertEquals(1, f.cancelCount());
    f.cancel();
    assertEquals(2, f.cancelCount());
    AssertionError e = assertThrows(AssertionError.class, () -> MockTask.of(f).poll());
    assertEquals("loser polled after cancel", e.getMessage());
  }

  @Test
  void failCleanupWithMakesCancelThrowAfterCountingIt() {
    IllegalStateException cleanup = new IllegalStateException("cleanup");
    ManualFuture<Integer> f = new ManualFuture<Integer>("f").failCleanupWith(cleanup);
    assertSame(cleanup, assertThrows(IllegalStateException.class, f::cancel));
    assertEquals(1, f.cancelCount());
    assertEquals("f", f.toString());
  }
}
