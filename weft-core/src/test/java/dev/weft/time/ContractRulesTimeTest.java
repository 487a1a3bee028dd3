package dev.weft.time;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Waker;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.Task;
import dev.weft.stream.Stream;
import dev.weft.test.WeftTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules of dev.weft.time's Javadoc that no other test checked (audit). */
class ContractRulesTimeTest {

  private static final Duration P = Duration.ofMillis(100);

  private static AsyncRuntime paused() {
    return AsyncRuntime.builder().startPaused(true).build();
  }

  private static void assertPolledAgainThrows(String what, Future<?> completed) {
    assertThrows(IllegalStateException.class, () -> completed.poll(Context.of(Waker.noop())), what);
  }

  /**
   * The rule: every future the library returns "throws IllegalStateException when polled
   * after it completed" — sleep, sleepUntil, timeout (with a value and with Elapsed), advance.
   */
  @WeftTest
  void timeFuturesThrowWhenPolledAfterTheyCompleted() {
    Future<Void> sleep = Time.sleep(Duration.ofSeconds(1));
    sleep.await();
    assertPolledAgainThrows("sleep", sleep);
    Future<Void> zero = Time.sleep(Duration.ZERO);
    zero.await();
    assertPolledAgainThrows("sleep of zero", zero);
    Future<Void> until = Time.sleepUntil(Time.now().plusSeconds(1));
    until.await();
    assertPolledAgainThrows("sleepUntil", until);
    Future<Integer> fast = Time.timeout(Duration.ofSeconds(1), Futures.ready(1));
    fast.await();
    assertPolledAgainThrows("timeout with a value", fast);
    Future<Object> expired = Time.timeout(Duration.ofSeconds(1), Futures.pending());
    assertThrows(Elapsed.class, expired::await);
    assertPolledAgainThrows("timeout after Elapsed", expired);
    Future<Void> advance = Time.advance(Duration.ofSeconds(1));
    advance.await();
    assertPolledAgainThrows("advance", advance);
  }

  /** The constructors "Elapsed() and Elapsed(String)"; weft's exceptions are unchecked. */
  @Test
  void elapsedConstructors() {
    assertEquals("why", new Elapsed("why").getMessage());
    assertInstanceOf(RuntimeException.class, new Elapsed());
  }

  /** "sleepUntil(Instant deadline); // on the runtime clock" — the virtual one when paused. */
  @WeftTest
  void sleepUntilWaitsOnTheVirtualClock() {
    Instant t0 = Time.now();
    Instant deadline = t0.plus(Duration.ofHours(2));
    Time.sleepUntil(deadline).await();
    assertEquals(deadline, Time.now());
  }

  /**
   * "now(): the runtime's clock (virtual when paused)" — the paused clock does not move by
   * itself; "advance ... moves it" by exactly d, with no timer due.
   */
  @WeftTest
  void thePausedClockMovesOnlyByAdvanceOrAutoAdvance() {
    Instant t0 = Time.now();
    for (int i = 0; i < 3; i++) {
      Task.yieldNow().await();
    }
    assertEquals(t0, Time.now(), "the paused clock moved by itself");
    Time.advance(Duration.ofMinutes(3)).await();
    assertEquals(t0.plus(Duration.ofMinutes(3)), Time.now());
  }

  /** "interval(period): ... missed ticks: burst" — the one-argument interval bursts. */
  @WeftTest
  void theDefaultIntervalBurstsMissedTicks() {
    List<Instant> ticks = new ArrayList<>();
    List<Instant> when = new ArrayList<>();
    Stream<Instant> s = Time.interval(P);
    Instant t0 = s.next().await().orElseThrow();
    Time.advance(P.multipliedBy(7).dividedBy(2)).await();
    for (int i = 0; i < 5; i++) {
      ticks.add(s.next().await().orElseThrow());
      when.add(Time.now());
    }
    Instant jump = t0.plus(P.multipliedBy(7).dividedBy(2));
    for (int i = 0; i < 5; i++) {
      assertEquals(t0.plus(P.multipliedBy(i + 1)), ticks.get(i),
          "the scheduled instant of tick " + i);
    }
    assertEquals(
        List.of(jump, jump, jump, t0.plus(P.multipliedBy(4)), t0.plus(P.multipliedBy(5))), when,
        "missed ticks come at once, then the schedule goes on");
  }

  /**
   * "Timers are created anywhere (creating does nothing) and need a runtime only when polled";
   * The rule: "interval's schedule starts at its first poll".
   */
  @Test
  void timersCreatedOutsideARuntimeWorkWhenPolledInOne() {
    Future<Void> sleep = Time.sleep(Duration.ofSeconds(30));
    Stream<Instant> interval = Time.interval(P);
    Future<Integer> timeout = Time.timeout(Duration.ofSeconds(5), Futures.ready(3));
    try (AsyncRuntime rt = paused()) {
      rt.blockOn(async(() -> {
        Instant t0 = Time.now();
        sleep.await();
        Duration slept = Duration.between(t0, Time.now());
        assertFalse(slept.isNegative());
        assertTrue(slept.compareTo(Duration.ofSeconds(30)) <= 0, "slept " + slept);
        Time.sleep(Duration.ofSeconds(7)).await();
        Instant firstPoll = Time.now();
        assertEquals(firstPoll, interval.next().await().orElseThrow(), "the first tick is at once");
        assertEquals(firstPoll.plus(P), interval.next().await().orElseThrow());
        assertEquals(3, timeout.await());
        return null;
      }));
    }
  }

  /** Null arguments are rejected at the call (advance, interval's behaviour). */
  @WeftTest
  void advanceOfNullIsRejectedAtTheCall() {
    assertThrows(NullPointerException.class, () -> Time.advance(null));
  }

  /**
   * The rule: "advance on a clock that is not paused: the call itself throws
   * IllegalStateException" — on the multi-thread runtime too.
   */
  @WeftTest(multiThread = true, paused = false, workers = 1)
  void advanceOnTheMultiThreadRuntimeThrowsAtTheCall() {
    assertThrows(IllegalStateException.class,
        () -> Task.spawn(async(() -> Time.advance(Duration.ofSeconds(1)))).await());
    assertThrows(IllegalStateException.class, () -> Time.advance(Duration.ofSeconds(1)));
  }

  /** "timeout(d, f): Elapsed on expiry" — a zero timeout of a future that is not ready yet. */
  @WeftTest
  void aZeroTimeoutOfAPendingFutureElapses() {
    assertThrows(Elapsed.class, () -> Time.timeout(Duration.ZERO, Futures.pending()).await());
  }

  /**
   * The rule: "the paused clock starts at the wall-clock time of build()" — not at the
   * first blockOn or the first timer.
   */
  @Test
  void thePausedClockStartsAtBuildNotAtTheFirstBlockOn() {
    Instant before = Instant.now();
    try (AsyncRuntime rt = paused()) {
      Instant after = Instant.now();
      long spinUntil = System.nanoTime() + 30_000_000L; // a gap between build() and blockOn
      while (System.nanoTime() - spinUntil < 0) {
        Thread.onSpinWait();
      }
      Instant start = rt.blockOn(async(Time::now));
      assertFalse(start.isBefore(before), "started before build(): " + start);
      assertFalse(start.isAfter(after), "started after build() returned: " + start + " > " + after);
    }
  }

  /**
   * "Timers ... need a runtime only when polled; polled without one (e.g. under Futures.blockOn)
   * they throw IllegalStateException" — sleepUntil and a zero sleep too.
   */
  @Test
  void sleepUntilAndAZeroSleepNeedARuntimeWhenPolled() {
    Future<Void> until = Time.sleepUntil(Instant.now().plusSeconds(1));
    assertThrows(IllegalStateException.class, () -> Futures.blockOn(until));
    Future<Void> zero = Time.sleep(Duration.ZERO);
    assertThrows(IllegalStateException.class, () -> Futures.blockOn(zero));
  }
}
