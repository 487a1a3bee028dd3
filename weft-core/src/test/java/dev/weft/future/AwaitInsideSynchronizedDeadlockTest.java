package dev.weft.future;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: an {@code await()} that suspended inside {@code synchronized} deadlocked silently.
 *
 * <p>Since JDK 24 (JEP 491) the JVM freezes a continuation whose frames hold monitors: the
 * monitor is not released, it stays locked while the block is suspended, and it belongs to the
 * worker thread, not to the block. Step by step, with block A holding the monitor and awaiting
 * a signal that block B gives from inside the same monitor:
 * <ol>
 *   <li>A enters {@code synchronized (lock)}, lets B go on, and awaits the signal, which is
 *       pending: A suspends, and the monitor stays locked.
 *   <li>B, on the other worker or on A's, tries to enter {@code synchronized (lock)} and blocks
 *       its worker thread in the JVM, for ever: the monitor is released only when A leaves the
 *       synchronized block, and A waits for B's signal (or for the worker B blocked).
 *   <li>Nothing fails; {@code jstack} shows the worker "waiting to lock" the monitor.
 * </ol>
 * (On JDK 21-23 the JVM refused to suspend and the await threw, with a message that did not say
 * which monitor.)
 *
 * <p>The fix: an await that is about to suspend checks first whether the thread holds a
 * monitor the block can name (see {@code dev.weft.internal.coro.MonitorGuard}), and throws
 * {@link IllegalStateException} there, naming the monitor, where it was locked and
 * {@code dev.weft.sync.Mutex}; the exception unwinds the synchronized block, which releases the
 * monitor, and the block fails with it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AwaitInsideSynchronizedDeadlockTest {

  @Test
  void twoBlocksContendingForAMonitorHeldAcrossAnAwaitEachFailInsteadOfHanging() throws Exception {
    Object lock = new Object();
    ManualFuture<Void> aHoldsTheMonitor = new ManualFuture<>("A holds the monitor");
    ManualFuture<Void> signal = new ManualFuture<>("signal from B");
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build()) {
      JoinHandle<String> a = rt.spawn(async(() -> {
        synchronized (lock) {
          aHoldsTheMonitor.complete(null);
          signal.await(); // pending: would suspend while holding the monitor
        }
        return "A finished";
      }));
      JoinHandle<String> b = rt.spawn(async(() -> {
        aHoldsTheMonitor.await(); // so that B enters the monitor after A (outside it)
        synchronized (lock) {
          signal.complete(null);
          Task.yieldNow().await(); // pending once: would suspend while holding the monitor
        }
        return "B finished";
      }));
      for (JoinHandle<String> h : List.of(a, b)) {
        IllegalStateException e = failureOf(h.toCompletableFuture());
        assertNamesMonitorAndFix(e, "java.lang.Object");
      }
    }
    synchronized (lock) {
      assertTrue(Thread.holdsLock(lock), "the monitor was released by the failed blocks");
    }
  }

  @Test
  void anAwaitThatSuspendsInsideSynchronizedThrowsAtTheAwait() {
    Object lock = new Object();
    ManualFuture<Integer> pending = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(async(() -> {
      synchronized (lock) {
        return pending.await();
      }
    }));
    IllegalStateException e = assertThrows(IllegalStateException.class, task::poll);
    assertNamesMonitorAndFix(e, "java.lang.Object");
    assertEquals(1, pending.pollCount(), "the future was polled once, then the await threw");
    assertFalse(Thread.holdsLock(lock));
  }

  @Test
  void awaitOfAReadyFutureInsideSynchronizedIsAllowed() {
    Object lock = new Object();
    MockTask<Integer> task = MockTask.of(async(() -> {
      synchronized (lock) {
        return Futures.ready(40).await() + Futures.ready(2).await();
      }
    }));
    assertEquals(42, task.assertReady());
  }

  @Test
  void nestedSynchronizedNamesBothMonitors() {
    OuterLock outer = new OuterLock();
    InnerLock inner = new InnerLock();
    MockTask<Integer> task = MockTask.of(async(() -> {
      synchronized (outer) {
        synchronized (inner) {
          return new ManualFuture<Integer>().await();
        }
      }
    }));
    IllegalStateException e = assertThrows(IllegalStateException.class, task::poll);
    assertNamesMonitorAndFix(e, InnerLock.class.getName());
    assertTrue(e.getMessage().contains(OuterLock.class.getName()), e.getMessage());
  }

  @Test
  void anAwaitInsideASynchronizedMethodOfTheUsersClassThrows() {
    Account account = new Account();
    ManualFuture<Integer> amount = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(async(() -> account.depositWhenKnown(amount)));
    IllegalStateException e = assertThrows(IllegalStateException.class, task::poll);
    assertNamesMonitorAndFix(e, Account.class.getName());
    assertTrue(e.getMessage().contains("depositWhenKnown"), "the frame that locked it: "
        + e.getMessage());
  }

  private static final class OuterLock {}

  private static final class InnerLock {}

  /** A user's class whose synchronized method awaits. */
  private static final class Account {
    private int balance;

    synchronized int depositWhenKnown(Future<Integer> amount) {
      balance += amount.await();
      return balance;
    }
  }

  private static IllegalStateException failureOf(CompletableFuture<?> f) throws Exception {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  private static void assertNamesMonitorAndFix(IllegalStateException e, String monitorClass) {
    String m = e.getMessage();
    assertTrue(m.contains(monitorClass), "names the monitor's class " + monitorClass + ": " + m);
    assertTrue(m.contains("dev.weft.sync.Mutex"), "names the fix: " + m);
  }
}
