package dev.weft.runtime;

import static dev.weft.runtime.RuntimeTesting.await;
import static dev.weft.runtime.RuntimeTesting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.CapturedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slow-poll and stuck-poll detection: a blocking call inside a task is reported once, with the
 * task, about how long it held the thread and the thread's stack taken while it ran; a poll
 * stuck past the stuck threshold is reported while it is still stuck; both are counted in the
 * metrics; quick polls are not reported; detection can be turned off; and thresholds of zero or
 * below are refused at the builder.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowPollDetectionTest {
  private static final Pattern ABOUT = Pattern.compile("for about (\\d+) ms in one poll");

  /** Thread.sleep for a lambda that may not throw: the blocking call the tests put in a poll. */
  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The log record that starts with {@code head}: its first line and its frame lines. */
  private static String reportStartingWith(String text, String head) {
    int start = text.indexOf(head);
    assertTrue(start >= 0, text);
    StringBuilder b = new StringBuilder();
    String[] lines = text.substring(start).split("\n", -1);
    b.append(lines[0]);
    for (int i = 1; i < lines.length && lines[i].startsWith("    at "); i++) {
      b.append('\n').append(lines[i]);
    }
    return b.toString();
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @ParameterizedTest
  @EnumSource
  void aBlockingCallInATaskIsReportedOnceWithItsDurationAndStack(RuntimeFlavour flavour)
      throws Exception {
    String prefix = flavour.newPrefix();
    try (CapturedLog log = CapturedLog.of("dev.weft.runtime");
        AsyncRuntime rt = flavour.builder(prefix).slowPollThreshold(Duration.ofMillis(20))
            .build()) {
      JoinHandle<Integer> h = rt.spawn("sleeper", Futures.lazy(() -> {
        sleep(300); // a blocking call inside a task: what detection is for
        return 1;
      }));
      assertEquals(1, rt.blockOn(h));
      eventually("the slow poll to be reported", () -> log.text().contains("slow poll:"));
      Thread.sleep(100); // more samples: none may report the same poll again
      String text = log.text();
      String head = "slow poll: task " + h.id() + " \"sleeper\" held thread ";
      assertEquals(1, count(text, head), text);
      if (flavour.multiThread) {
        assertTrue(text.contains(head + prefix + "-worker-"), text);
      }
      Matcher m = ABOUT.matcher(text);
      assertTrue(m.find(), text);
      long ms = Long.parseLong(m.group(1));
      assertTrue(ms >= 250 && ms < 30_000, "reported " + ms + " ms for a 300 ms sleep");
      assertTrue(text.contains("(runtime " + prefix + ", slow-poll threshold 20 ms)"), text);
      // The report's own lines: the log may also hold what other runtimes of this JVM report
      // meanwhile (a collected handle's unobserved failure, whose stack has the runtime's
      // frames: seen in CI).
      String report = reportStartingWith(text, head);
      assertTrue(report.contains("at java.base/java.lang.Thread.sleep"), report);
      assertTrue(report.contains("at dev.weft.runtime.SlowPollDetectionTest.sleep("), report);
      assertFalse(report.contains("at dev.weft.runtime.RawTask"),
          "the runtime's frames are cut: " + report);
      assertEquals(1, rt.metrics().slowPolls());
      assertEquals(0, rt.metrics().stuckPolls());
      assertTrue(rt.metrics().toString().contains("slowPolls=1"), rt.metrics().toString());
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"MULTI_THREAD_1", "MULTI_THREAD_4"})
  void aStuckPollIsReportedWhileItIsStuck(RuntimeFlavour flavour) throws Exception {
    try (CapturedLog log = CapturedLog.of("dev.weft.runtime");
        AsyncRuntime rt = flavour.builder().slowPollThreshold(Duration.ofMillis(20))
            .stuckPollThreshold(Duration.ofMillis(200)).build()) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      JoinHandle<Void> h = rt.spawn("stuck", Futures.lazy(() -> {
        started.countDown();
        RuntimeTesting.awaitQuietly(release);
        return null;
      }));
      await(started, "the task to start");
      eventually("the stuck poll to be reported", () -> log.text().contains("stuck poll:"));
      assertFalse(h.isFinished(), "reported while still stuck");
      assertEquals(1, rt.metrics().stuckPolls());
      String text = log.text();
      assertTrue(text.contains("stuck poll: task " + h.id() + " \"stuck\" has held thread "),
          text);
      assertTrue(text.contains("at java.base/java.util.concurrent.CountDownLatch.await"), text);
      assertEquals(0, rt.metrics().slowPolls(), "slow is told when the poll ends");
      release.countDown();
      rt.blockOn(h);
      eventually("the slow poll to be reported", () -> rt.metrics().slowPolls() == 1);
      assertEquals(1, rt.metrics().stuckPolls(), "reported once");
    }
  }

  @Test
  void theBlockOnFutureOfACurrentThreadRuntimeIsWatchedToo() {
    try (CapturedLog log = CapturedLog.of("dev.weft.runtime");
        AsyncRuntime rt = AsyncRuntime.builder().slowPollThreshold(Duration.ofMillis(20))
            .build()) {
      rt.blockOn(Futures.lazy(() -> {
        sleep(200);
        return null;
      }));
      rt.blockOn(Futures.lazy(() -> null)); // the watchdog sees the poll over at its next look
      eventually("the slow poll to be reported", () -> log.text().contains("slow poll:"));
      assertTrue(log.text().contains("slow poll: the blockOn future held thread "), log.text());
      assertEquals(1, rt.metrics().slowPolls());
    }
  }

  @ParameterizedTest
  @EnumSource
  void quickPollsAreNotReported(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.builder().slowPollThreshold(Duration.ofMillis(500)).build()) {
      List<JoinHandle<Integer>> hs = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        int n = i;
        hs.add(rt.spawn(Futures.lazy(() -> n)));
      }
      long sum = 0;
      for (JoinHandle<Integer> h : hs) {
        sum += rt.blockOn(h);
      }
      assertEquals(1999L * 2000 / 2, sum);
      assertEquals(0, rt.metrics().slowPolls());
      assertEquals(0, rt.metrics().stuckPolls());
    }
  }

  @ParameterizedTest
  @EnumSource
  void withDetectionOffNothingIsReported(RuntimeFlavour flavour) throws Exception {
    String prefix = flavour.newPrefix();
    try (CapturedLog log = CapturedLog.of("dev.weft.runtime");
        AsyncRuntime rt = flavour.builder(prefix).slowPollDetection(false)
            .slowPollThreshold(Duration.ofMillis(5)).stuckPollThreshold(Duration.ofMillis(50))
            .build()) {
      rt.blockOn(rt.spawn(Futures.lazy(() -> {
        sleep(150);
        return null;
      })));
      Thread.sleep(100); // long enough for a watchdog that did sample to have reported
      assertEquals(0, rt.metrics().slowPolls());
      assertEquals(0, rt.metrics().stuckPolls());
      // This runtime's reports only: a runtime left stuck by another test may still report.
      // (A prefix may begin another's, rt-...-1 and rt-...-12: the name ends at ',' or ')'.)
      String text = log.text();
      assertFalse(text.contains("(runtime " + prefix + ",")
          || text.contains("(runtime " + prefix + ")"), text);
    }
  }

  @Test
  void aSlowPollThatWasLoadingClassesIsToldApartFromABlockingCall() {
    StackTraceElement sleep = new StackTraceElement("java.lang.Thread", "sleep", null, 1);
    StackTraceElement user = new StackTraceElement("app.Main", "handle", null, 2);
    StackTraceElement clinit = new StackTraceElement("app.Big", "<clinit>", null, 3);
    StackTraceElement load = new StackTraceElement("jdk.internal.loader.BuiltinClassLoader",
        "loadClass", null, 4);
    StackTraceElement run = new StackTraceElement(RawTask.class.getName(), "run", null, 5);
    assertFalse(PollWatch.loadingClasses(new StackTraceElement[] {sleep, user, run}));
    assertTrue(PollWatch.loadingClasses(new StackTraceElement[] {clinit, user, run}));
    assertTrue(PollWatch.loadingClasses(new StackTraceElement[] {load, user, run}));
    assertFalse(PollWatch.loadingClasses(new StackTraceElement[] {sleep, run, clinit}),
        "frames below the task's poll are the runtime's, not the poll's");
  }

  @Test
  void thresholdsOfZeroOrBelowAreRefusedAtTheBuilder() {
    AsyncRuntime.Builder b = AsyncRuntime.builder();
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> b.slowPollThreshold(Duration.ZERO));
    assertEquals("slowPollThreshold must be more than zero, got PT0S", zero.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> b.stuckPollThreshold(Duration.ofMillis(-1)));
    assertEquals("stuckPollThreshold must be more than zero, got PT-0.001S",
        negative.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> b.slowPollThreshold(Duration.ofNanos(-5)));
    assertThrows(IllegalArgumentException.class, () -> b.stuckPollThreshold(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> b.slowPollThreshold(null));
    assertThrows(NullPointerException.class, () -> b.stuckPollThreshold(null));
    try (AsyncRuntime rt = b.slowPollThreshold(Duration.ofNanos(1)).build()) {
      assertEquals(3, rt.blockOn(Futures.ready(3)), "the smallest positive threshold is fine");
    }
  }
}
