package dev.weft.sync;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The Lincheck settings shared by the sync checks: 3 threads of 3 operations, few enough
 * iterations that every check runs in seconds (Lincheck 3.7 on JDK 25; the instrumenting agent is
 * attached dynamically, allowed by {@code -XX:+EnableDynamicAgentLoading} in the Surefire
 * argLine).
 */
final class LincheckRuns {
  private LincheckRuns() {}

  /** Explores thread interleavings of random scenarios, switching at shared-memory accesses. */
  static void modelCheck(Class<?> test) {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(100)
        .threads(3)
        .actorsPerThread(3)
        .check(test);
  }

  /** Runs random scenarios on real threads, many times each. */
  static void stress(Class<?> test) {
    new StressOptions()
        .iterations(10)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(3)
        .check(test);
  }
}
