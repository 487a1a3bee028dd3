package dev.weft.time;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import dev.weft.test.WeftTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: {@code Time.timeout} on expiry threw the inner future's cleanup failure instead of
 * {@link Elapsed}.
 *
 * <ol>
 *   <li>{@code timeout(1 s, inner)}: the inner future is an async block parked in
 *       {@code await()} whose {@code finally} throws;
 *   <li>the deadline passes; the timeout cancels the inner future, which is resumed with
 *       {@code CancellationException}, and its {@code finally} throws from {@code cancel()};
 *   <li>that exception escaped {@code expire()} before {@code Elapsed} was made: the caller saw
 *       the cleanup error and could not tell that the deadline had passed.
 * </ol>
 *
 * <p>Now the timeout fails with {@code Elapsed}, the cleanup failure suppressed in it (a failure
 * can carry it, so it is not reported elsewhere). Cancelling the timeout itself still throws the
 * inner future's cleanup failure, and releases the timer all the same.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutCleanupFailureReplacedElapsedTest {

  @WeftTest
  void onExpiryTheTimeoutFailsWithElapsedCarryingTheCleanupFailure(AsyncRuntime rt) {
    IllegalStateException cleanup = new IllegalStateException("the inner future's cleanup failed");
    Future<String> inner = async(() -> {
      try {
        return Futures.<String>pending().await();
      } finally {
        throw cleanup;
      }
    });
    Elapsed e =
        assertThrows(Elapsed.class, () -> Time.timeout(Duration.ofSeconds(1), inner).await());
    assertArrayEquals(new Throwable[] {cleanup}, e.getSuppressed());
    assertEquals(0, rt.metrics().unhandledFailures(), "carried by Elapsed, not reported");
  }

  @WeftTest
  void cancellingTheTimeoutRethrowsTheCleanupFailureAndReleasesTheTimer() {
    IllegalStateException cleanup = new IllegalStateException("cleanup");
    ManualFuture<String> inner = new ManualFuture<String>("inner").failCleanupWith(cleanup);
    MockTask<String> t = MockTask.of(Time.timeout(Duration.ofSeconds(1), inner));
    t.assertPending();
    assertSame(cleanup, assertThrows(IllegalStateException.class, t::cancel));
    assertEquals(1, inner.cancelCount());
    Time.sleep(Duration.ofSeconds(2)).await(); // the released timer must not wake the task
    assertFalse(t.isWoken(), "the timer of a cancelled timeout fired");
  }
}
