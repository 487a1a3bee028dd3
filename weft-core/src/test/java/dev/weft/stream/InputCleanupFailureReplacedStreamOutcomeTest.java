package dev.weft.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Tuple2;
import dev.weft.test.CapturedLog;
import dev.weft.test.ManualFuture;
import dev.weft.test.ManualStream;
import dev.weft.test.MockStream;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression: a stream combinator that cancels an input it no longer needs let that input's
 * cleanup failure replace what it was about to give, and a combinator cancelled with two things
 * to cancel lost the first cleanup failure to the second.
 *
 * <ol>
 *   <li>{@code take(1)} polls its input's first item; having given its last item it cancels the
 *       input (Rust's {@code Take} drops it), in the same poll;
 *   <li>the input's cleanup throws (an async block's {@code finally}, say): the poll threw that,
 *       and the item, already taken from the input, was lost. {@code takeWhile} lost its end the
 *       same way, and {@code zip} the end it gives when one input ends and it cancels the other;
 *   <li>{@code fold}'s and {@code then}'s {@code cancel()} cancel two things (a step's future and
 *       the input stream) in {@code try/finally}: when both threw, the second replaced the first.
 * </ol>
 *
 * <p>Now an item or an end is kept and the cleanup failure is reported as an unhandled failure
 * (logged; counted by the runtime the thread is in), and a cancel of several things cancels
 * them all and rethrows the first failure with the others suppressed.
 */
class InputCleanupFailureReplacedStreamOutcomeTest {

  private static ManualStream<Integer> inputWhoseCleanupThrows(String message, Integer... items) {
    ManualStream<Integer> s = ManualStream.with(items);
    s.failCleanupWith(new IllegalStateException(message));
    return s;
  }

  @Test
  void takeGivesItsLastItemWhenCancellingTheInputThrows() {
    ManualStream<Integer> in = inputWhoseCleanupThrows("take's input cleanup failed", 1, 2);
    try (CapturedLog log = CapturedLog.of("dev.weft")) {
      MockStream<Integer> s = MockStream.of(in.take(1));
      assertEquals(1, s.assertNext(), "the last item of take must not be lost");
      assertEquals(1, in.cancelCount());
      s.assertEnd();
      assertTrue(log.text().contains("take's input cleanup failed"), log.text());
    }
  }

  @Test
  void takeWhileEndsWhenCancellingTheInputThrows() {
    ManualStream<Integer> in = inputWhoseCleanupThrows("takeWhile's input cleanup failed", 1, 5);
    try (CapturedLog log = CapturedLog.of("dev.weft")) {
      MockStream<Integer> s = MockStream.of(in.takeWhile(x -> x < 3));
      assertEquals(1, s.assertNext());
      s.assertEnd();
      assertEquals(1, in.cancelCount());
      assertTrue(log.text().contains("takeWhile's input cleanup failed"), log.text());
    }
  }

  @Test
  void zipEndsWhenCancellingTheOtherInputThrows() {
    ManualStream<Integer> left = ManualStream.with(1).end();
    ManualStream<Integer> right = inputWhoseCleanupThrows("zip's other input cleanup failed", 10);
    try (CapturedLog log = CapturedLog.of("dev.weft")) {
      MockStream<Tuple2<Integer, Integer>> s = MockStream.of(left.zip(right));
      assertEquals(new Tuple2<>(1, 10), s.assertNext());
      s.assertEnd();
      assertEquals(1, right.cancelCount());
      assertTrue(log.text().contains("zip's other input cleanup failed"), log.text());
    }
  }

  @Test
  void cancellingAFoldCancelsItsStepAndItsInputAndRethrowsTheFirstFailure() {
    IllegalStateException stepFailure = new IllegalStateException("step");
    IllegalStateException inputFailure = new IllegalStateException("input");
    ManualFuture<Integer> step = new ManualFuture<Integer>("step").failCleanupWith(stepFailure);
    ManualStream<Integer> in = ManualStream.with(1);
    in.failCleanupWith(inputFailure);
    MockTask<Integer> t = MockTask.of(in.fold(0, (acc, x) -> step));
    t.assertPending();
    assertSame(stepFailure, assertThrows(IllegalStateException.class, t::cancel));
    assertArrayEquals(new Throwable[] {inputFailure}, stepFailure.getSuppressed());
    assertEquals(1, step.cancelCount());
    assertEquals(1, in.cancelCount());
  }

  @Test
  void cancellingAThenCancelsItsFutureAndItsInputAndRethrowsTheFirstFailure() {
    IllegalStateException futureFailure = new IllegalStateException("future");
    IllegalStateException inputFailure = new IllegalStateException("input");
    ManualFuture<Integer> f = new ManualFuture<Integer>("f").failCleanupWith(futureFailure);
    ManualStream<Integer> in = ManualStream.with(1);
    in.failCleanupWith(inputFailure);
    MockStream<Integer> s = MockStream.of(in.then(x -> f));
    s.assertPending();
    assertSame(futureFailure, assertThrows(IllegalStateException.class, s::cancel));
    assertArrayEquals(new Throwable[] {inputFailure}, futureFailure.getSuppressed());
    assertEquals(1, f.cancelCount());
    assertEquals(1, in.cancelCount());
  }

  @Test
  void aTerminalOperationFailsWithTheFirstFailureCarryingTheCleanupFailure() {
    IllegalStateException cleanup = new IllegalStateException("cleanup");
    IOException io = new IOException("io");
    ManualStream<Integer> failing = new ManualStream<Integer>("failing").fail(io);
    ManualStream<Integer> other = new ManualStream<Integer>("other");
    other.failCleanupWith(cleanup);
    MockTask<List<Integer>> t = MockTask.of(Streams.merge(List.of(other, failing)).collectList());
    assertSame(io, t.assertFails());
    assertArrayEquals(new Throwable[] {cleanup}, io.getSuppressed());
    assertEquals(1, other.cancelCount());
  }

  @Test
  void cancellingAFuturesUnorderedCancelsEveryFutureThenRethrowsTheFirstFailure() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b");
    ManualFuture<Integer> fa = new ManualFuture<Integer>("a").failCleanupWith(a);
    ManualFuture<Integer> fb = new ManualFuture<Integer>("b").failCleanupWith(b);
    ManualFuture<Integer> fc = new ManualFuture<>("c");
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    for (Future<Integer> f : List.of(fa, fb, fc)) {
      set.add(f);
    }
    MockStream.of(set).assertPending();
    assertSame(a, assertThrows(IllegalStateException.class, set::cancel));
    assertArrayEquals(new Throwable[] {b}, a.getSuppressed());
    assertEquals(List.of(1, 1, 1), List.of(fa.cancelCount(), fb.cancelCount(), fc.cancelCount()));
    assertEquals(0, Futures.blockOn(set.count()));
  }
}
