package dev.weft.future;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.sync.Mpsc;
import dev.weft.test.CapturedLog;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: {@code race} and {@code selectOk} dropped the winner's value when cancelling a
 * loser threw.
 *
 * <ol>
 *   <li>{@code race(loser, recv)}: the loser is an async block parked in {@code await()} whose
 *       {@code finally} throws (its cleanup fails); the other input is a {@code recv()} of a
 *       channel that holds a message;
 *   <li>the receive wins: the message is taken out of the channel and the race holds it;
 *   <li>the race cancels the loser, which is resumed with {@code CancellationException}; its
 *       {@code finally} throws, so its {@code cancel()} throws;
 *   <li>{@code Cancel.all} rethrew that: the race failed with the cleanup error, and the message,
 *       already gone from the channel, was lost.
 * </ol>
 *
 * <p>The rule now, through the one helper every combinator uses ({@code dev.weft.internal
 * .Cancel}): a cleanup failure never replaces an outcome. A success cannot carry a suppressed
 * exception, so when the combinator completes with a value the cleanup failure is reported as an
 * unhandled failure (counted in the runtime's {@code unhandledFailures()} when the thread is in
 * one, and logged as a warning); when it completes with a failure the cleanup failure is added
 * to it as suppressed. Cancelling the combinator itself cancels every input even if one throws,
 * then rethrows the first with the others suppressed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoserCleanupFailureDroppedWinnerTest {

  /** The two combinators in which a value wins. */
  enum FirstWins {
    RACE(Futures::race),
    SELECT_OK(Futures::selectOk);

    final Function<List<Future<String>>, Future<String>> combine;

    FirstWins(Function<List<Future<String>>, Future<String>> combine) {
      this.combine = combine;
    }
  }

  /** Step 1: an async block that waits forever and whose cleanup throws {@code e}. */
  private static Future<String> loserWhoseFinallyThrows(RuntimeException e) {
    return async(() -> {
      try {
        return Futures.<String>pending().await();
      } finally {
        throw e;
      }
    });
  }

  /** A race of a loser whose cleanup throws {@code e} against a receive of "message". */
  private static Future<String> raceAgainstAReceive(FirstWins op, RuntimeException e) {
    Mpsc.Channel<String> ch = Mpsc.bounded(1);
    assertTrue(ch.sender().trySend("message"));
    Future<String> recv = ch.receiver().recv().map(Optional::orElseThrow);
    return op.combine.apply(List.of(loserWhoseFinallyThrows(e), recv));
  }

  @ParameterizedTest
  @EnumSource
  void theWinnersValueIsKeptAndTheCleanupFailureIsLogged(FirstWins op) {
    IllegalStateException cleanup = new IllegalStateException("the loser's cleanup failed");
    try (CapturedLog log = CapturedLog.of("dev.weft")) {
      assertEquals("message", Futures.blockOn(raceAgainstAReceive(op, cleanup)),
          op + " must keep the message it took from the channel");
      assertTrue(log.text().contains("the loser's cleanup failed"),
          "the cleanup failure is reported, not lost: " + log.text());
    }
  }

  @ParameterizedTest
  @EnumSource
  void onACurrentThreadRuntimeTheCleanupFailureCountsAsUnhandled(FirstWins op) {
    IllegalStateException cleanup = new IllegalStateException("the loser's cleanup failed");
    try (AsyncRuntime rt = AsyncRuntime.currentThread();
        CapturedLog log = CapturedLog.of("dev.weft")) {
      assertEquals("message", rt.blockOn(raceAgainstAReceive(op, cleanup)));
      assertEquals(1, rt.metrics().unhandledFailures());
      assertTrue(log.text().contains("the loser's cleanup failed"), log.text());
    }
  }

  @ParameterizedTest
  @EnumSource
  void inATaskOfAMultiThreadRuntimeTheCleanupFailureCountsAsUnhandled(FirstWins op) {
    IllegalStateException cleanup = new IllegalStateException("the loser's cleanup failed");
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build();
        CapturedLog log = CapturedLog.of("dev.weft")) {
      assertEquals("message", rt.blockOn(rt.spawn(raceAgainstAReceive(op, cleanup))));
      assertEquals(1, rt.metrics().unhandledFailures());
      assertTrue(log.text().contains("the loser's cleanup failed"), log.text());
    }
  }

  @ParameterizedTest
  @EnumSource
  void aValueWinsOverEveryLosersCleanupFailureAndEveryLoserIsCancelled(FirstWins op) {
    ManualFuture<String> a =
        new ManualFuture<String>("a").failCleanupWith(new IllegalStateException("a"));
    ManualFuture<String> b =
        new ManualFuture<String>("b").failCleanupWith(new IllegalStateException("b"));
    ManualFuture<String> winner = new ManualFuture<>("winner");
    try (CapturedLog log = CapturedLog.of("dev.weft")) {
      MockTask<String> t = MockTask.of(op.combine.apply(List.of(a, winner, b)));
      t.assertPending();
      winner.complete("won");
      assertEquals("won", t.assertReady());
      assertEquals(1, a.cancelCount());
      assertEquals(1, b.cancelCount());
      String text = log.text();
      assertTrue(text.contains("java.lang.IllegalStateException: a"), text);
      assertTrue(text.contains("java.lang.IllegalStateException: b"), text);
    }
  }

  @Test
  void aRaceWonByAFailureFailsWithItAndCarriesTheCleanupFailureSuppressed() {
    IllegalStateException cleanup = new IllegalStateException("cleanup");
    ManualFuture<String> loser = new ManualFuture<String>("loser").failCleanupWith(cleanup);
    IOException first = new IOException("first");
    MockTask<String> t = MockTask.of(Futures.race(List.of(loser, Futures.failed(first))));
    assertSame(first, t.assertFails());
    assertArrayEquals(new Throwable[] {cleanup}, first.getSuppressed());
  }

  @Test
  void tryJoinFailsWithTheFirstFailureAndCarriesTheCleanupFailureSuppressed() {
    IllegalStateException cleanup = new IllegalStateException("cleanup");
    ManualFuture<String> other = new ManualFuture<String>("other").failCleanupWith(cleanup);
    ManualFuture<String> failing = new ManualFuture<>("failing");
    MockTask<?> t = MockTask.of(Futures.tryJoin(other, failing));
    t.assertPending();
    IOException first = new IOException("first");
    failing.fail(first);
    assertSame(first, t.assertFails());
    assertArrayEquals(new Throwable[] {cleanup}, first.getSuppressed());
    assertEquals(1, other.cancelCount());
  }

  @ParameterizedTest
  @EnumSource
  void cancellingTheCombinatorCancelsEveryInputThenRethrowsTheFirstCleanupFailure(FirstWins op) {
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b");
    ManualFuture<String> fa = new ManualFuture<String>("a").failCleanupWith(a);
    ManualFuture<String> fb = new ManualFuture<String>("b").failCleanupWith(b);
    ManualFuture<String> fc = new ManualFuture<>("c");
    MockTask<String> t = MockTask.of(op.combine.apply(List.of(fa, fb, fc)));
    t.assertPending();
    IllegalStateException thrown = assertThrows(IllegalStateException.class, t::cancel);
    assertSame(a, thrown);
    assertArrayEquals(new Throwable[] {b}, a.getSuppressed());
    assertEquals(List.of(1, 1, 1), List.of(fa.cancelCount(), fb.cancelCount(), fc.cancelCount()));
  }
}
