package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.WeaveReport.Status;
import dev.weft.weaver.fixtures.Cancel;
import dev.weft.weaver.fixtures.Control;
import dev.weft.weaver.fixtures.Failures;
import dev.weft.weaver.fixtures.Instance;
import dev.weft.weaver.fixtures.Nesting;
import dev.weft.weaver.fixtures.OnRuntimes;
import dev.weft.weaver.fixtures.References;
import dev.weft.weaver.fixtures.Values;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture scenario runs as javac compiled it (async blocks on the continuation engine) and
 * woven; both must write the same trace (the scenarios drive their blocks by hand, so the trace
 * records every poll, cancel, value and failure in order). The fixtures' blocks must all be
 * woven, so that the comparison tests the state machines.
 */
class WovenEqualsUnwovenTest {
  private static Woven woven;

  @BeforeAll
  static void weave() {
    woven = Woven.pkg(Control.class);
  }

  @AfterAll
  static void clean() throws Exception {
    woven.close();
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of(Control.class, "loop", new Object[0]),
        Arguments.of(Control.class, "tryCatchFinally", new Object[0]),
        Arguments.of(Control.class, "checkedFailures", new Object[0]),
        Arguments.of(Control.class, "failuresInsideExpressions", new Object[0]),
        Arguments.of(Control.class, "switches", new Object[0]),
        Arguments.of(Control.class, "tryWithResources", new Object[0]),
        Arguments.of(Control.class, "nestedLoops", new Object[0]),
        Arguments.of(Values.class, "locals", new Object[0]),
        Arguments.of(Values.class, "expressions", new Object[0]),
        Arguments.of(Values.class, "arraysAndCompound", new Object[0]),
        Arguments.of(Values.class, "constructorArguments", new Object[0]),
        Arguments.of(Values.class, "mergedInterfaceTypes", new Object[] {true}),
        Arguments.of(Values.class, "mergedInterfaceTypes", new Object[] {false}),
        Arguments.of(Nesting.class, "innerCapturesOuter", new Object[0]),
        Arguments.of(Nesting.class, "asyncMethods", new Object[0]),
        Arguments.of(Cancel.class, "beforeStart", new Object[0]),
        Arguments.of(Cancel.class, "atAnAwait", new Object[0]),
        Arguments.of(Cancel.class, "nested", new Object[0]),
        Arguments.of(Cancel.class, "failingCleanup", new Object[0]),
        Arguments.of(Failures.class, "nestedTrace", new Object[0]),
        Arguments.of(Failures.class, "misuse", new Object[0]),
        Arguments.of(Instance.class, "scenario", new Object[0]),
        Arguments.of(References.class, "scenario", new Object[0]),
        Arguments.of(OnRuntimes.class, "scenario", new Object[] {false}),
        Arguments.of(OnRuntimes.class, "scenario", new Object[] {true}),
        Arguments.of(OnRuntimes.class, "failedTask", new Object[] {false}),
        Arguments.of(OnRuntimes.class, "failedTask", new Object[] {true}));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("scenarios")
  void theWovenBlockWritesTheSameTrace(Class<?> fixture, String scenario, Object[] args)
      throws Throwable {
    Object expected = Woven.callOriginal(fixture, scenario, args);
    Object actual = woven.call(fixture, scenario, args);
    assertEquals(expected, actual);
  }

  @Test
  void everyBlockOfTheseFixturesIsWoven() {
    for (Class<?> c : new Class<?>[] {Control.class, Values.class, Nesting.class, Cancel.class,
        Failures.class, Instance.class, OnRuntimes.class, References.class}) {
      for (WeaveReport.Entry e : woven.report.entries()) {
        if (e.className().startsWith(c.getName()) && !e.method().contains("Inside")) {
          assertEquals(Status.WOVEN, e.status(), e.toString());
        }
      }
    }
    assertTrue(woven.report.entries(Status.WOVEN).size() >= 40, woven.report.text());
  }

  @Test
  void methodReferencesAreBridgedAndWovenUnlessTheyAwaitOutOfSight() {
    for (String m : new String[] {"awaitReference", "staticReference", "runnableReference"}) {
      WeaveReport.Entry e = woven.report.entries().stream()
          .filter(x -> x.method().startsWith("lambda$" + m + "$weft")).findFirst().orElseThrow();
      assertEquals(Status.WOVEN, e.status(), e.toString());
      assertTrue(e.detail().startsWith("the method reference "), e.toString());
    }
    WeaveReport.Entry inside = woven.entry(References.class, "awaitReferenceInside");
    assertEquals(Status.NOT_WOVEN, inside.status(), inside.toString());
    assertTrue(inside.detail().contains("dev.weft.future.Future::await"), inside.detail());
  }

  @Test
  void stackTracesOfWovenBlocksShowTheUsersLinesAndTheNestedBlocksFrames() throws Throwable {
    String trace = (String) woven.call(Failures.class, "nestedTrace");
    assertTrue(trace.contains("lambda$failsAfterAnAwait:" + Failures.THROW_LINE), trace);
    assertTrue(trace.contains("lambda$outer:" + Failures.OUTER_AWAIT_LINE), trace);
  }
}
