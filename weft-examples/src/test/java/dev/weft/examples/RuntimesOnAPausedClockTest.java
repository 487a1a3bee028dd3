package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.test.WeftTest;
import dev.weft.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The crawler of {@link Runtimes} on a paused clock: its timers fire in deadline order at their
 * exact virtual times, so the answer and the time it took are the same on every run.
 */
class RuntimesOnAPausedClockTest {

  @WeftTest
  void theCrawlGivesUpOnTheSlowPageAtItsDeadline() {
    Instant start = Time.now();
    List<String> pages = Runtimes.crawl().await();
    assertEquals(List.of(
            "fetched page-1 (20 ms)",
            "fetched page-3 (50 ms)",
            "fetched page-0 (80 ms)",
            "gave up on a page after 120 ms"),
        pages);
    assertEquals(Duration.ofMillis(120), Duration.between(start, Time.now()),
        "the crawl took exactly the deadline of its slowest page, on the virtual clock");
  }
}
