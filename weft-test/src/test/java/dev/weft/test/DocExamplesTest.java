package dev.weft.test;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.time.Elapsed;
import dev.weft.time.Time;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The examples of the kit's Javadoc, as they are written there, so they stay true. */
class DocExamplesTest {

  /** WeftTest's class Javadoc. */
  @WeftTest
  void anHourLongTimeoutElapsesAtOnce(AsyncRuntime rt) {
    Instant start = Time.now();
    JoinHandle<Void> ticker = Task.spawn(Time.sleep(Duration.ofMinutes(59)));
    Future<Object> never = Time.timeout(Duration.ofHours(1), Futures.pending());
    assertThrows(Elapsed.class, never::await);
    assertEquals(Duration.ofHours(1), Duration.between(start, Time.now()));
    assertTrue(ticker.isFinished());
    assertEquals(1, rt.metrics().spawnedTasks());
  }

  /** The root README's "Testing" section. */
  @WeftTest
  void theSlowServerLosesToTheTimeout() {
    Instant start = Time.now();
    JoinHandle<String> server = Task.spawn(async(() -> {
      Time.sleep(Duration.ofMinutes(5)).await();                // it answers after five minutes
      return "late";
    }));
    Future<String> reply = Time.timeout(Duration.ofMinutes(1), server);
    assertThrows(Elapsed.class, reply::await);
    assertEquals(Duration.ofMinutes(1), Duration.between(start, Time.now()));  // no real minute
    server.abort();                         // a task still running after the body fails the test
  }

  /** The root README's "Testing" section, by hand. */
  @Test
  void theLoserOfARaceIsCancelled() {
    ManualFuture<String> primary = new ManualFuture<>();
    ManualFuture<String> backup = new ManualFuture<>();
    MockTask<String> task = MockTask.of(Futures.race(primary, backup));
    task.assertPending();                 // polled once: both inputs wait, wakers registered
    backup.complete("pong");
    assertTrue(task.isWoken());           // completing an input woke the task
    assertEquals("pong", task.assertReady());
    assertTrue(primary.isCancelled());    // and the loser was cancelled
  }

  /** The package's Javadoc, "In a runtime". */
  @WeftTest
  void theSlowReplyTimesOut() {
    Future<String> slow = async(() -> {
      Time.sleep(Duration.ofMinutes(5)).await();
      return "late";
    });
    assertThrows(Elapsed.class, () -> Time.timeout(Duration.ofMinutes(1), slow).await());
  }

  /** The package's Javadoc, "By hand". */
  @Test
  void completingTheInputWakesTheTask() {
    ManualFuture<String> reply = new ManualFuture<>("reply");
    MockTask<String> task = MockTask.of(reply.map(String::toUpperCase));
    task.assertPending();
    reply.complete("pong");
    assertTrue(task.isWoken(), "completing the input wakes the task");
    assertEquals("PONG", task.assertReady());
  }

  /** MockTask's Javadoc. */
  @Test
  void mockTask() {
    ManualFuture<Integer> trigger = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(trigger.map(x -> x * 2));
    task.assertPending();          // polled once: pending, a waker registered
    assertFalse(task.isWoken());
    trigger.complete(21);
    assertTrue(task.isWoken());    // the completion woke the task
    assertEquals(42, task.assertReady());
  }

  /** ManualFuture's Javadoc. */
  @Test
  void manualFuture() {
    ManualFuture<String> slow = new ManualFuture<>("slow");
    MockTask<String> task = MockTask.of(Futures.race(slow, Futures.ready("fast")));
    assertEquals("fast", task.assertReady());
    assertTrue(slow.isCancelled(), "the loser is cancelled");
  }

  /** MockStream's Javadoc. */
  @Test
  void mockStream() {
    ManualStream<Integer> source = new ManualStream<>();
    MockStream<Integer> task = MockStream.of(source.map(x -> x + 1));
    task.assertPending();
    source.push(1);
    assertTrue(task.isWoken());
    assertEquals(2, task.assertNext());
    source.end();
    task.assertEnd();
  }

  /** ManualStream's Javadoc. */
  @Test
  void manualStream() {
    ManualStream<String> lines = new ManualStream<>("lines");
    MockStream<String> task = MockStream.of(lines.filter(s -> !s.isEmpty()));
    task.assertPending();
    lines.push("").push("hello");
    assertEquals("hello", task.assertNext());
    lines.fail(new IOException("reset"));
    assertInstanceOf(IOException.class, task.assertFails());
  }
}
