package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static dev.weft.runtime.RuntimeTesting.quietRuntimeLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.runtime.RuntimeTesting.QuietLog;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: a waker that threw while the timer driver fired a batch wedged the runtime.
 *
 * <p>The driver takes up to a batch of due entries out of the wheel under its lock, then wakes
 * their wakers one by one. A waker that threw (foreign code: a future that polls a sleep with a
 * context of its own) ended that loop: the wake-ups of the rest of the batch, already out of the
 * wheel, were lost, so their tasks slept forever. The exception then escaped the park step: on
 * the multi-thread runtime it ended the worker thread that held the driver (no sleeping task
 * completed afterwards, and {@code close()} threw it again from the driver's shutdown); on the
 * current-thread runtime it came out of the caller's {@code blockOn}.
 *
 * <p>The fix: every waker call of a driver is guarded; a failure is reported (logged and counted
 * in {@code unhandledFailures()}) and the batch goes on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThrowingWakerInTimerBatchWedgedRuntimeTest {

  /** A sleep polled with a waker that throws when the timer fires. */
  private static Future<Void> sleepWithThrowingWaker(Duration d) {
    Future<Void> sleep = Time.sleep(d);
    Context throwing = Context.of(() -> {
      throw new IllegalStateException("this waker throws");
    });
    return cx -> {
      Poll<Void> p = sleep.poll(throwing);
      return p; // never woken through cx: this task stays pending, which is its owner's business
    };
  }

  @ParameterizedTest
  @EnumSource
  void aThrowingWakerLosesNoOtherWakeUpAndTheRuntimeKeepsFiringTimers(RuntimeFlavour flavour) {
    try (QuietLog quiet = quietRuntimeLog()) {
      AsyncRuntime rt = flavour.build();
      int sleepers = 3 * TimerDriver.BATCH;
      List<JoinHandle<Integer>> handles = new ArrayList<>();
      int result = rt.blockOn(async(() -> {
        Task.spawn(sleepWithThrowingWaker(Duration.ofMillis(20)));
        for (int i = 0; i < sleepers; i++) {
          int v = i;
          handles.add(Task.spawn(async(() -> {
            Time.sleep(Duration.ofMillis(20)).await();
            return v;
          })));
        }
        Task.spawn(sleepWithThrowingWaker(Duration.ofMillis(20)));
        int sum = 0;
        for (JoinHandle<Integer> h : handles) {
          sum += h.await();
        }
        return sum;
      }));
      assertEquals(sleepers * (sleepers - 1) / 2, result, "every sleeper of the batch woke");
      // The runtime still fires timers afterwards (the driver's worker is alive).
      for (int round = 0; round < 3; round++) {
        int v = round;
        JoinHandle<Integer> later = rt.spawn(async(() -> {
          Time.sleep(Duration.ofMillis(5)).await();
          return v;
        }));
        assertEquals(v, rt.blockOn(later));
      }
      assertTrue(rt.metrics().unhandledFailures() >= 2,
          "each throwing waker is counted: " + rt.metrics().unhandledFailures());
      rt.close(); // must not throw what a waker threw
    }
  }

  @ParameterizedTest
  @EnumSource
  void aWakerThatThrowsAtShutdownDoesNotStopTheClose(RuntimeFlavour flavour) throws Exception {
    try (QuietLog quiet = quietRuntimeLog()) {
      AsyncRuntime rt = flavour.build();
      java.util.concurrent.CountDownLatch registered = new java.util.concurrent.CountDownLatch(1);
      Future<Void> sleep = sleepWithThrowingWaker(Duration.ofHours(1));
      rt.blockOn(async(() -> {
        Task.spawn((Future<Void>) cx -> {
          Poll<Void> p = sleep.poll(cx);
          registered.countDown(); // its timer is in the wheel now
          return p;
        });
        return null;
      }));
      if (!flavour.multiThread) {
        rt.blockOn(Task.yieldNow()); // a current-thread runtime runs the task inside blockOn
      }
      registered.await();
      rt.close(); // wakes the pending timer, whose waker throws
      assertTrue(rt.isClosed());
      assertTrue(rt.metrics().unhandledFailures() >= 1);
    }
  }
}
