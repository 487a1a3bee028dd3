package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.stream.Streams;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** ManualStream, fed by hand, polled through MockStream. */
class ManualStreamTest {

  @Test
  void itemsThenTheEndEachPushWakingThePoller() {
    ManualStream<Integer> s = new ManualStream<>();
    MockStream<Integer> task = MockStream.of(s.map(x -> x * 10));
    task.assertPending();
    s.push(1);
    assertTrue(task.isWoken());
    assertEquals(10, task.assertNext());
    task.assertPending();
    s.push(2).push(3).end();
    assertEquals(4, task.wakeCount(), "two pushes and the end");
    assertEquals(List.of(20, 30), task.drain(10));
    assertEquals(6, s.pollCount());
  }

  @Test
  void aFailureComesAfterTheQueuedItemsUnchangedThenTheStreamHasEnded() {
    IOException io = new IOException("reset");
    ManualStream<String> s = ManualStream.with("a").fail(io);
    MockStream<String> task = MockStream.of(s);
    assertEquals("a", task.assertNext());
    assertSame(io, task.assertFails());
    task.assertEnd();
  }

  @Test
  void cancelIsCountedAndAPollAfterItFailsTheTest() {
    IllegalStateException cleanup = new IllegalStateException("cleanup");
    ManualStream<Integer> s = new ManualStream<Integer>("source").failCleanupWith(cleanup);
    MockStream<Integer> task = MockStream.of(s);
    assertSame(cleanup, assertThrows(IllegalStateException.class, task::cancel));
    assertTrue(s.isCancelled());
    assertEquals(1, s.cancelCount());
    AssertionError e = assertThrows(AssertionError.class, task::poll);
    assertEquals("source polled after cancel", e.getMessage());
  }

  @Test
  void mockStreamsAssertionsFailOnTheOtherOutcomes() {
    assertThrows(AssertionFailedError.class, MockStream.of(Streams.of(1))::assertEnd);
    assertThrows(AssertionFailedError.class, MockStream.of(Streams.of(1))::assertPending);
    assertThrows(AssertionFailedError.class, MockStream.of(new ManualStream<>())::assertNext);
  }

  @Test
  void drainAndDrainUntilItemFailOnAPendingPollWithoutAWakeUp() {
    AssertionFailedError drain = assertThrows(AssertionFailedError.class,
        () -> MockStream.of(new ManualStream<>()).drain(5));
    assertTrue(drain.getMessage().contains("the task would hang"), drain.getMessage());
    AssertionFailedError item = assertThrows(AssertionFailedError.class,
        () -> MockStream.of(new ManualStream<>()).drainUntilItem(5));
    assertTrue(item.getMessage().contains("the task would hang"), item.getMessage());
    assertEquals(7, MockStream.of(ManualStream.with(7)).drainUntilItem(1));
    assertFalse(MockStream.of(Streams.empty()).isWoken());
  }
}
