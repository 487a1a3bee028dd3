package dev.weft.time;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.runtime.AsyncRuntime;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sleep on a runtime with no socket wakes within a fraction of a millisecond of its deadline:
 * the timer wheel's tick is a tenth of a millisecond and the idle runtime sleeps beside its empty
 * selector, where a millisecond tick and the selector's rounded-up millisecond made each such
 * sleep about a millisecond late. And it never wakes early.
 */
class SleepPrecisionTest {
  private static Supplier<AsyncRuntime> runtime(String flavour) {
    return switch (flavour) {
      case "current-thread" -> AsyncRuntime::currentThread;
      case "multi-thread-2" -> () -> AsyncRuntime.builder().multiThread().workers(2).build();
      default -> throw new IllegalArgumentException(flavour);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"current-thread", "multi-thread-2"})
  void sleepsOfAnIdleRuntimeAreLateByAFractionOfAMillisecondAndNeverEarly(String flavour) {
    // 2.25 ms: a millisecond tick rounds the deadline up to the next whole millisecond (0.25-1
    // ms late), and the selector's millisecond rounds the wait up again; each of the 21 sleeps
    // was 0.7 ms late or more before. The least lateness needs one prompt wake-up, which a
    // loaded machine still gives among 21.
    long sleepNanos = 2_250_000;
    try (AsyncRuntime rt = runtime(flavour).get()) {
      long[] lateness = rt.blockOn(async(() -> {
        long[] late = new long[21];
        for (int i = 0; i < late.length; i++) {
          long began = System.nanoTime();
          Time.sleep(Duration.ofNanos(sleepNanos)).await();
          late[i] = System.nanoTime() - began - sleepNanos;
        }
        return late;
      }));
      long least = Long.MAX_VALUE;
      for (long late : lateness) {
        assertTrue(late >= 0, "a sleep woke " + -late + " ns early");
        least = Math.min(least, late);
      }
      assertTrue(least < 450_000, "every sleep was 0.45 ms late or more (least " + least
          + " ns): is the tick a millisecond again, or the idle runtime waiting in its selector?");
    }
  }
}
