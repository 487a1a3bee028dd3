package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.future.Poll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** MockTask: polls by hand, counts polls and wake-ups, and asserts what a poll gave. */
class MockTaskTest {

  @Test
  void countsPollsAndWakeUpsAndTellsWhetherAWakeUpCameSinceTheLastPoll() {
    ManualFuture<Integer> input = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(input.map(x -> x * 2));
    assertEquals(0, task.pollCount());
    task.assertPending();
    assertFalse(task.isWoken());
    assertEquals(0, task.wakeCount());
    input.complete(21);
    assertTrue(task.isWoken());
    assertEquals(1, task.wakeCount());
    assertEquals(42, task.assertReady());
    assertFalse(task.isWoken(), "a poll clears the flag");
    assertEquals(2, task.pollCount());
  }

  @Test
  void aWakeUpFromAnotherThreadIsSeen() throws InterruptedException {
    ManualFuture<String> input = new ManualFuture<>();
    MockTask<String> task = MockTask.of(input);
    task.assertPending();
    Thread t = new Thread(() -> input.complete("there"));
    t.start();
    t.join();
    assertTrue(task.isWoken());
    assertEquals("there", task.assertReady());
  }

  @Test
  void assertReadyAndAssertPendingFailOnTheOtherOutcome() {
    AssertionFailedError notReady = assertThrows(AssertionFailedError.class,
        MockTask.of(Futures.pending())::assertReady);
    assertTrue(notReady.getMessage().contains("expected ready, got pending"));
    AssertionFailedError notPending = assertThrows(AssertionFailedError.class,
        MockTask.of(Futures.ready("x"))::assertPending);
    assertTrue(notPending.getMessage().contains("expected pending"), notPending.getMessage());
  }

  @Test
  void runToCompletionPollsAFutureThatWakesItselfUntilReady() {
    MockTask<Integer> task = MockTask.of(YieldsThen.ready(3, 9));
    assertEquals(9, task.runToCompletion(10));
    assertEquals(4, task.pollCount());
  }

  @Test
  void runToCompletionFailsOnAPendingPollWithoutAWakeUpForTheTaskWouldHang() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> MockTask.of(Futures.pending()).runToCompletion(10));
    assertTrue(e.getMessage().contains("the task would hang"), e.getMessage());
  }

  @Test
  void runToCompletionGivesUpAfterMaxPolls() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> MockTask.of(YieldsThen.ready(5, 1)).runToCompletion(3));
    assertTrue(e.getMessage().contains("not ready after 3 polls"), e.getMessage());
  }

  @Test
  void cancelCancelsTheFutureAndContextIsTheOneThePollsPass() {
    ManualFuture<Integer> input = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(input);
    assertSame(input, task.future());
    Poll<Integer> p = input.poll(task.context()); // as if the task polled it
    assertFalse(p.isReady());
    input.complete(1);
    assertTrue(task.isWoken(), "the context's waker is the task's");
    task.cancel();
    assertTrue(input.isCancelled());
  }
}
