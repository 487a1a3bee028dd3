package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.CapturedLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the watchdog's samples time a poll: a gap between two samples counts for at most two
 * periods, so a stop-the-world pause of the JVM (which stops the watchdog and the poll alike)
 * is not charged to the poll it cut in two, while a poll the watchdog saw running on schedule is
 * reported as before. The watchdog's clock is driven by hand here: {@link PollWatch#sample}
 * takes the time it samples at.
 */
class PollWatchPauseTest {
  private static final long MS = 1_000_000;

  /** A poller that stays inside one poll until {@link #end} is called. */
  private static final class OnePoll implements Poller {
    volatile boolean in = true;
    volatile long count = 1;

    void end() {
      in = false;
      count++;
    }

    @Override
    public Thread pollingThread() {
      return Thread.currentThread(); // its stack is taken; any live thread will do
    }

    @Override
    public boolean inPoll() {
      return in;
    }

    @Override
    public long pollCount() {
      return count;
    }

    @Override
    public RawTask<?> pollingTask() {
      return null; // reported as "the blockOn future"
    }

    @Override
    public int workerIndex() {
      return -1;
    }
  }

  private final Scheduler.Shared shared = new Scheduler.Shared(1);
  private final OnePoll poller = new OnePoll();
  // Slow-poll threshold 10 ms, so the watchdog samples every 2.5 ms; stuck at 100 ms.
  private final PollWatch watch = new PollWatch("pause-test", List.of(poller), shared,
      Duration.ofMillis(10), Duration.ofMillis(100));
  private final long start = System.nanoTime();

  private void sampleAt(double ms) {
    watch.sample(start + (long) (ms * MS));
  }

  @Test
  void aPollSampledOnScheduleForLongerThanTheThresholdIsReportedSlow() {
    try (CapturedLog log = CapturedLog.of("dev.weft.runtime")) {
      for (int i = 0; i <= 6; i++) {
        sampleAt(i * 2.5); // seen in the poll from 0 to 15 ms
      }
      poller.end();
      sampleAt(17.5);
      assertEquals(1, shared.slowPolls.get());
      assertTrue(log.text().contains("slow poll: the blockOn future held thread"), log.text());
      assertTrue(log.text().contains("for about 17 ms in one poll"), log.text());
    }
  }

  @Test
  void aPauseBetweenTwoSamplesIsNotChargedToThePollItCutInTwo() {
    try (CapturedLog log = CapturedLog.of("dev.weft.runtime")) {
      sampleAt(0);
      sampleAt(2.5); // in the poll
      sampleAt(82.5); // 80 ms later: the JVM was stopped (a full collection), the poll too
      poller.end();
      sampleAt(85);
      assertEquals(0, shared.slowPolls.get(), log.text());
      assertFalse(log.text().contains("slow poll"), log.text());
    }
  }

  @Test
  void aPollThatAlsoRanOnScheduleBesideAPauseIsStillReported() {
    try (CapturedLog log = CapturedLog.of("dev.weft.runtime")) {
      sampleAt(0);
      sampleAt(80); // a pause: counts for two periods, 5 ms
      for (int i = 1; i <= 3; i++) {
        sampleAt(80 + i * 2.5); // then 7.5 ms seen on schedule: 12.5 ms in all
      }
      poller.end();
      sampleAt(90);
      assertEquals(1, shared.slowPolls.get(), log.text());
      assertTrue(log.text().contains("for about 15 ms in one poll"), log.text());
    }
  }

  @Test
  void aStuckPollIsReportedOnScheduleButNotForAPause() {
    try (CapturedLog log = CapturedLog.of("dev.weft.runtime")) {
      sampleAt(0);
      sampleAt(500); // half a second with no sample: not counted as stuck time
      assertEquals(0, shared.stuckPolls.get(), log.text());
      for (int i = 1; i <= 40; i++) {
        sampleAt(500 + i * 2.5); // 100 ms on schedule (plus the 5 ms credited for the pause)
      }
      assertEquals(1, shared.stuckPolls.get(), log.text());
      assertTrue(log.text().contains("stuck poll: the blockOn future has held thread"),
          log.text());
      poller.end();
      sampleAt(605);
      assertEquals(1, shared.slowPolls.get(), log.text());
    }
  }
}
