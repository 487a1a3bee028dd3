package dev.weft.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.future.Futures;
import dev.weft.stream.Stream;
import dev.weft.test.WeftTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntervalTest {
  private static final Duration P = Duration.ofMillis(100);

  private static Instant tick(Stream<Instant> s) {
    return s.next().await().orElseThrow();
  }

  @Test
  void badPeriodsAreRejectedAtTheCall() {
    assertThrows(IllegalArgumentException.class, () -> Time.interval(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Time.interval(Duration.ofMillis(-5)));
    assertThrows(NullPointerException.class, () -> Time.interval(null));
    assertThrows(NullPointerException.class, () -> Time.interval(P, null));
  }

  @Test
  void anIntervalNeedsARuntime() {
    Stream<Instant> s = Time.interval(P); // creating it does nothing
    assertThrows(IllegalStateException.class, () -> Futures.blockOn(s.next()));
  }

  @WeftTest
  void ticksExactlyEveryPeriodFromTheFirstPoll() {
    Stream<Instant> s = Time.interval(P);
    // The schedule starts at the first poll, not at creation.
    Time.sleep(Duration.ofSeconds(7)).await();
    Instant t0 = Time.now();
    for (int i = 0; i < 10; i++) {
      Instant t = tick(s);
      assertEquals(t0.plus(P.multipliedBy(i)), t, "tick " + i);
      assertEquals(t, Time.now(), "ticks on time");
    }
  }

  @WeftTest
  void burstDeliversEveryMissedTickThenKeepsTheSchedule() {
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), missed(MissedTickBehavior.BURST));
  }

  @WeftTest
  void delayResumesOnePeriodAfterTheLateTick() {
    assertEquals(List.of(1.0, 4.5, 5.5, 6.5, 7.5), missed(MissedTickBehavior.DELAY));
  }

  @WeftTest
  void skipDropsMissedTicksAndResumesOnTheSchedule() {
    assertEquals(List.of(1.0, 4.0, 5.0, 6.0, 7.0), missed(MissedTickBehavior.SKIP));
  }

  /** First tick, then the clock jumps 3.5 periods; the next five ticks, in periods after the first. */
  private static List<Double> missed(MissedTickBehavior behavior) {
    Stream<Instant> s = Time.interval(P, behavior);
    Instant t0 = tick(s);
    Instant jump = t0.plus(P.multipliedBy(7).dividedBy(2));
    Time.advance(P.multipliedBy(7).dividedBy(2)).await();
    Double[] at = new Double[5];
    for (int i = 0; i < at.length; i++) {
      Instant t = tick(s);
      at[i] = Duration.between(t0, t).toNanos() / (double) P.toNanos();
      // A tick scheduled before the jump comes late, at once; one after it, at its own time.
      assertEquals(t.isBefore(jump) ? jump : t, Time.now(), "when tick " + i + " came");
    }
    return List.of(at);
  }

  @WeftTest
  void cancellingTheIntervalReleasesItsTimer() {
    Stream<Instant> s = Time.interval(P);
    tick(s);
    // Poll the next tick once (it registers a timer and stays pending), then stop waiting.
    Futures.race(s.next(), Futures.ready(Optional.<Instant>empty())).await();
    s.cancel();
    assertThrows(IllegalStateException.class, () -> s.next().await());
  }
}
