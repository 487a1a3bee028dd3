package dev.weft.internal.coro;

import static dev.weft.future.Async.async;
import static dev.weft.future.Async.asyncRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AsyncBlock rule 7 and {@link MonitorCandidates}' rules: which monitors held across a pending
 * await are found, and that nothing else changes for an await that is not inside one.
 *
 * <p>A block that a test abandons while it is suspended inside {@code synchronized} would keep
 * that monitor locked for the rest of the JVM's life (its lock record is frozen with it), so
 * every monitor here belongs to one test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MonitorGuardTest {

  /** The one guarded JDK on this machine; the tests below assume the check is on. */
  @Test
  void theCheckRunsFromJdk24On() {
    assertEquals(Runtime.version().feature() >= 24, MonitorGuard.ENABLED);
    assertTrue(MonitorGuard.ENABLED, "these tests need JDK 24 or later");
  }

  /** A service whose lambdas lock a field, a static, the class, and this. */
  static final class Service {
    static final Object REGISTRY_LOCK = new Object();
    private final Object lock = new Object();
    private int count;

    Future<Integer> underFieldLock(Future<Integer> f) {
      return async(() -> {
        synchronized (lock) {
          return count += f.await();
        }
      });
    }

    Future<Integer> underThis(Future<Integer> f) {
      return async(() -> {
        synchronized (this) {
          return count += f.await();
        }
      });
    }

    static Future<Integer> underStaticLock(Future<Integer> f) {
      return async(() -> {
        synchronized (REGISTRY_LOCK) {
          return f.await();
        }
      });
    }

    static Future<Integer> underClassLiteral(Future<Integer> f) {
      return async(() -> {
        synchronized (ClassLiteralLock.class) {
          return f.await();
        }
      });
    }
  }

  /** Locked as a class literal by {@link Service#underClassLiteral}, and by nothing else. */
  static final class ClassLiteralLock {}

  /** Its class monitor is locked by its static synchronized method, and by nothing else. */
  static final class Registry {
    static synchronized int register(Future<Integer> f) {
      return f.await();
    }
  }

  private static IllegalStateException failsAtTheAwait(Future<?> block, String monitorClass) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MockTask.of(block).poll());
    assertTrue(e.getMessage().contains(monitorClass), "names " + monitorClass + ": "
        + e.getMessage());
    assertTrue(e.getMessage().contains("dev.weft.sync.Mutex"), e.getMessage());
    return e;
  }

  @Test
  void aLockFieldOfTheEnclosingInstanceIsFound() {
    Service s = new Service();
    IllegalStateException e = failsAtTheAwait(s.underFieldLock(new ManualFuture<>()),
        "java.lang.Object");
    assertTrue(e.getMessage().contains("lambda$underFieldLock"), "the frame: " + e.getMessage());
  }

  @Test
  void synchronizedThisInALambdaIsFound() {
    failsAtTheAwait(new Service().underThis(new ManualFuture<>()), Service.class.getName());
  }

  @Test
  void aStaticLockOfTheClassTheLambdaIsWrittenInIsFound() {
    failsAtTheAwait(Service.underStaticLock(new ManualFuture<>()), "java.lang.Object");
  }

  @Test
  void aClassLiteralLockIsFound() {
    failsAtTheAwait(Service.underClassLiteral(new ManualFuture<>()), "java.lang.Class");
  }

  @Test
  void aStaticSynchronizedMethodCalledByTheBodyIsFound() {
    IllegalStateException e = failsAtTheAwait(
        async(() -> Registry.register(new ManualFuture<>())), "java.lang.Class");
    assertTrue(e.getMessage().contains("Registry.register"), "the frame: " + e.getMessage());
  }

  @Test
  void aBodyRunningInlineInAnotherIsChecked() {
    // The outer body names no lock; the inner one, run inline by the await, does.
    Service s = new Service();
    ManualFuture<Integer> f = new ManualFuture<>();
    failsAtTheAwait(async(() -> s.underFieldLock(f).await() + 1), "java.lang.Object");
  }

  @Test
  void aLambdaWrappedByAsyncRunIsChecked() {
    Object lock = new Object();
    ManualFuture<Integer> f = new ManualFuture<>();
    failsAtTheAwait(asyncRun(() -> {
      synchronized (lock) {
        f.await();
      }
    }), "java.lang.Object");
  }

  @Test
  void aSynchronizedJdkMethodThatCallsBackIntoTheBodyIsFound() {
    Map<String, Integer> table = new Hashtable<>();
    ManualFuture<Integer> f = new ManualFuture<>();
    failsAtTheAwait(async(() -> table.computeIfAbsent("k", k -> f.await())),
        "java.util.Hashtable");
  }

  @Test
  void aMonitorEnteredAfterEarlierSuspensionsIsFound() {
    // The candidates are read at the first suspension, outside the monitor.
    Object lock = new Object();
    ManualFuture<Integer> first = new ManualFuture<>();
    ManualFuture<Integer> second = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(async(() -> {
      int a = first.await();
      synchronized (lock) {
        return a + second.await();
      }
    }));
    task.assertPending();
    first.complete(1);
    assertThrows(IllegalStateException.class, task::poll);
  }

  @Test
  void theAwaitedFutureIsCancelledWhenTheAwaitThrows() {
    Object lock = new Object();
    ManualFuture<Integer> f = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(async(() -> {
      synchronized (lock) {
        return f.await();
      }
    }));
    assertThrows(IllegalStateException.class, task::poll);
    assertEquals(1, f.pollCount());
    assertEquals(1, f.cancelCount(), "the pending future is released, as a cancelled await does");
  }

  @Test
  void anAwaitAfterTheMonitorWasReleasedSuspendsAsUsual() {
    Object lock = new Object();
    ManualFuture<Integer> f = new ManualFuture<>();
    int[] count = {0};
    MockTask<Integer> task = MockTask.of(async(() -> {
      synchronized (lock) {
        count[0]++;
      }
      return f.await() + count[0];
    }));
    task.assertPending();
    f.complete(41);
    assertEquals(42, task.assertReady());
  }

  /** Hands out a lock that no code locks by name. */
  static final class Holder {
    private final Object inner = new Object();

    Object lock() {
      return inner;
    }
  }

  @Test
  void aMonitorTheBodyReachesOnlyThroughACallIsNotSeen() {
    // The documented limit (MonitorCandidates): the lock comes out of a call and no code locks
    // it by name, so this await suspends holding it, as every such await did before the check.
    Holder h = new Holder();
    ManualFuture<Integer> f = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(async(() -> {
      synchronized (h.lock()) {
        return f.await();
      }
    }));
    task.assertPending();
    f.complete(7);
    assertEquals(7, task.assertReady());
  }

  /** Bodies written in a class that locks nothing. */
  static final class LocksNothing {
    static Callable<Integer> body(Future<Integer> f, int n) {
      return () -> f.await() + n;
    }
  }

  @Test
  void aBodyThatLocksNothingHasNoCandidatesSoItsSuspensionsTestNothing() {
    assertSame(MonitorCandidates.NONE,
        MonitorCandidates.snapshot(LocksNothing.body(new ManualFuture<>(), 1)));
  }

  @Test
  void aCapturedLocalThatTheLambdaLocksIsACandidate() {
    Object lock = new Object();
    Callable<Integer> body = () -> {
      synchronized (lock) {
        return 1;
      }
    };
    Object[] candidates = MonitorCandidates.snapshot(body);
    assertTrue(Arrays.asList(candidates).contains(lock));
    assertNull(MonitorCandidates.held(candidates));
    synchronized (lock) {
      assertSame(lock, MonitorCandidates.held(candidates));
    }
  }
}
