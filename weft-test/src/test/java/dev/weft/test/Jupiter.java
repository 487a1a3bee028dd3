package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs a fixture test class through the Jupiter engine (EngineTestKit) and reports what became
 * of its tests, so a test can assert what {@link WeftTest} makes fail. The fixtures are static
 * nested classes: neither Surefire nor the engine picks them up by themselves. (Name the test
 * classes exactly in {@code -Dtest=...}: a wildcard such as {@code WeftTest*} matches the
 * nested fixtures too, and Surefire then runs them, failing on purpose, as tests of their own.)
 */
final class Jupiter {
  private Jupiter() {}

  /** The events of every test (and test-template invocation) of {@code fixture}. */
  static Events run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute()
        .testEvents();
  }

  /** Runs {@code fixture}, asserting that it has exactly one test and that the test failed. */
  static Throwable theFailureOf(Class<?> fixture) {
    Events events = run(fixture);
    assertEquals(1, events.finished().count(), "tests run");
    List<Throwable> failures = failures(events);
    assertEquals(1, failures.size(), () -> "failed tests: " + events.finished().list());
    return failures.get(0);
  }

  /** Runs {@code fixture}, asserting that its {@code tests} tests all passed. */
  static void assertPasses(Class<?> fixture, int tests) {
    Events events = run(fixture);
    List<Throwable> failures = failures(events);
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError(fixture.getSimpleName() + ": a test failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
    assertEquals(tests, events.succeeded().count(), () -> "tests of " + fixture.getSimpleName()
        + " that passed: " + events.finished().list());
  }

  /** What each failed or aborted test threw. */
  static List<Throwable> failures(Events events) {
    return events.finished().stream()
        .map(e -> e.getRequiredPayload(TestExecutionResult.class))
        .filter(r -> r.getStatus() != TestExecutionResult.Status.SUCCESSFUL)
        .map(r -> r.getThrowable().orElseThrow())
        .toList();
  }

  /** The status of each finished test, in order. */
  static List<TestExecutionResult.Status> statuses(Events events) {
    return events.finished().stream()
        .map((Event e) -> e.getRequiredPayload(TestExecutionResult.class).getStatus())
        .toList();
  }
}
