package dev.weft.stream;

import java.util.Map;
import java.util.TreeMap;
import org.testng.ITestResult;
import org.testng.TestListenerAdapter;
import org.testng.TestNG;

/**
 * Runs the Reactive Streams TCK on {@link Streams#toPublisher} over and over in one JVM, to
 * show a rare failure is gone (best with the machine loaded). Not part of the normal test run
 * (it has no test methods, and its name is not a test's); run it from the test class path:
 *
 * <pre>{@code
 * ./weft mvn -q -pl weft-core test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *     -cp weft-core/target/test-classes:weft-core/target/classes:$(cat weft-core/target/test.cp) \
 *     dev.weft.stream.StreamPublisherTckSoak spec306 5000
 * }</pre>
 *
 * <p>{@code spec306 N}: N rounds of {@code required_spec306_afterSubscriptionIsCancelledRequest
 * MustBeNops} on the pool and on the direct executor. {@code all N}: N runs of both whole TCK
 * classes through TestNG. Prints the failures by test and exits 1 if there was any.
 */
public final class StreamPublisherTckSoak {
  private StreamPublisherTckSoak() {}

  public static void main(String[] args) throws Throwable {
    String mode = args.length > 0 ? args[0] : "spec306";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Map<String, Integer> failures = new TreeMap<>();
    long start = System.nanoTime();
    int runs = switch (mode) {
      case "spec306" -> spec306(rounds, failures);
      case "all" -> wholeClasses(rounds, failures);
      default -> throw new IllegalArgumentException("mode is spec306 or all, not " + mode);
    };
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    System.out.printf("%s: %d test runs in %d rounds, %d s; failures: %s%n",
        mode, runs, rounds, seconds, failures.isEmpty() ? "none" : failures);
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  private static int spec306(int rounds, Map<String, Integer> failures) throws Throwable {
    StreamPublisherTckTest pool = new StreamPublisherTckTest();
    StreamPublisherDirectTckTest direct = new StreamPublisherDirectTckTest();
    pool.startExecutor();
    int runs = 0;
    try {
      for (int i = 0; i < rounds; i++) {
        runs += spec306Once("pool", pool, failures);
        runs += spec306Once("direct", direct, failures);
      }
    } finally {
      pool.stopExecutor();
    }
    return runs;
  }

  private static int spec306Once(
      String name, org.reactivestreams.tck.flow.FlowPublisherVerification<Long> tck,
      Map<String, Integer> failures) throws Exception {
    tck.setUp();
    try {
      tck.required_spec306_afterSubscriptionIsCancelledRequestMustBeNops();
    } catch (Throwable t) {
      failures.merge(name + ": " + t.getMessage(), 1, Integer::sum);
    }
    return 1;
  }

  private static int wholeClasses(int rounds, Map<String, Integer> failures) {
    int runs = 0;
    for (int i = 0; i < rounds; i++) {
      TestNG testng = new TestNG(false);
      testng.setVerbose(0);
      testng.setTestClasses(new Class<?>[] {
          StreamPublisherTckTest.class, StreamPublisherDirectTckTest.class});
      TestListenerAdapter results = new TestListenerAdapter();
      testng.addListener(results);
      testng.run();
      runs += results.getPassedTests().size() + results.getFailedTests().size();
      for (ITestResult failed : results.getFailedTests()) {
        String test = failed.getTestClass().getRealClass().getSimpleName() + "."
            + failed.getMethod().getMethodName();
        failures.merge(test, 1, Integer::sum);
        System.out.println("round " + i + ": " + test + ": " + failed.getThrowable());
      }
      if (results.getPassedTests().isEmpty()) {
        throw new IllegalStateException("TestNG ran no test: " + results.getSkippedTests());
      }
    }
    return runs;
  }
}
