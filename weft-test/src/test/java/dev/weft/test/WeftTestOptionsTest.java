package dev.weft.test;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Async;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.Task;
import dev.weft.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code @WeftTest}'s options, and where the annotation may go. */
class WeftTestOptionsTest {

  // ---- the runtime the options build ----

  @WeftTest(multiThread = true, paused = false, workers = 2)
  void multiThreadRunsTheTasksOnWorkersAndTheBodyOnTheTestsThread(AsyncRuntime rt) {
    Thread body = Thread.currentThread();
    assertEquals(2, rt.metrics().workers());
    Thread worker = Task.spawn(async(Thread::currentThread)).await();
    assertNotEquals(body, worker);
    assertTrue(worker.getName().startsWith("weft-"), worker.getName());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Time.advance(Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("startPaused"), e.getMessage());
  }

  @WeftTest(paused = false)
  void pausedFalseGivesTheRealClock(AsyncRuntime rt) {
    assertEquals(1, rt.metrics().workers());
    assertThrows(IllegalStateException.class, () -> Time.advance(Duration.ofSeconds(1)));
    long start = System.nanoTime();
    Instant before = Time.now();
    Time.sleep(Duration.ofMillis(20)).await();
    assertTrue(System.nanoTime() - start >= 20_000_000L, "a real 20 ms passed");
    assertFalse(Time.now().isBefore(before.plusMillis(20)));
  }

  static class MultiThreadWithThePausedDefault {
    @WeftTest(multiThread = true)
    void body() {}
  }

  static class WorkersWithoutMultiThread {
    @WeftTest(workers = 2)
    void body() {}
  }

  static class NegativeWorkers {
    @WeftTest(multiThread = true, paused = false, workers = -1)
    void body() {}
  }

  @Test
  void optionsThatCannotWorkFailTheTestSayingWhatToWrite() {
    Throwable paused = Jupiter.theFailureOf(MultiThreadWithThePausedDefault.class);
    assertInstanceOf(ExtensionConfigurationException.class, paused);
    assertTrue(paused.getMessage().contains("needs paused = false"), paused.getMessage());
    Throwable workers = Jupiter.theFailureOf(WorkersWithoutMultiThread.class);
    assertInstanceOf(ExtensionConfigurationException.class, workers);
    assertTrue(workers.getMessage().contains("add multiThread = true"), workers.getMessage());
    Throwable negative = Jupiter.theFailureOf(NegativeWorkers.class);
    assertInstanceOf(ExtensionConfigurationException.class, negative);
    assertTrue(negative.getMessage().contains("at least 1"), negative.getMessage());
  }

  // ---- on a class ----

  @WeftTest
  static class OnTheClass {
    static final Set<AsyncRuntime> RUNTIMES = ConcurrentHashMap.newKeySet();

    @Test
    void aPlainTest(AsyncRuntime rt) {
      assertTrue(Async.inAsync());
      Time.advance(Duration.ofSeconds(1)).await(); // paused: the class's options
      RUNTIMES.add(rt);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void eachInvocationOfAParameterizedTest(int n, AsyncRuntime rt) {
      assertTrue(n > 0);
      Time.advance(Duration.ofSeconds(n)).await();
      RUNTIMES.add(rt);
    }

    @RepeatedTest(2)
    void eachRepetition(AsyncRuntime rt) {
      Task.yieldNow().await();
      RUNTIMES.add(rt);
    }

    @WeftTest(paused = false)
    void aMethodsOwnOptionsOverrideTheClasss(AsyncRuntime rt) {
      assertThrows(IllegalStateException.class, () -> Time.advance(Duration.ofSeconds(1)));
      RUNTIMES.add(rt);
    }

    @Nested
    class ANestedClass {
      @Test
      void isInARuntimeToo(AsyncRuntime rt) {
        Time.advance(Duration.ofSeconds(1)).await();
        RUNTIMES.add(rt);
      }
    }
  }

  @Test
  void onAClassItAppliesToEveryTestAndEveryInvocationWithItsOwnRuntime() {
    OnTheClass.RUNTIMES.clear();
    Jupiter.assertPasses(OnTheClass.class, 8);
    Set<AsyncRuntime> runtimes = new HashSet<>(OnTheClass.RUNTIMES);
    assertEquals(8, runtimes.size(), "one runtime per test or invocation");
    assertTrue(runtimes.stream().allMatch(AsyncRuntime::isClosed));
  }
}
