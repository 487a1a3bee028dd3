package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.MockTask;
import org.junit.jupiter.api.Test;

/** The rules of {@link Mutex} and {@link RwLock}, one test each. */
class MutexTest {

  @Test
  void theGuardReadsAndWritesTheValue() {
    Mutex<String> m = new Mutex<>("a");
    try (Mutex.Guard<String> g = MockTask.of(m.lock()).assertReady()) {
      assertEquals("a", g.get());
      g.set("b");
    }
    assertEquals("b", m.tryLock().orElseThrow().get());
  }

  @Test
  void aClosedGuardCannotBeUsedAndClosingTwiceDoesNothing() {
    Mutex<Integer> m = new Mutex<>(1);
    Mutex.Guard<Integer> g = MockTask.of(m.lock()).assertReady();
    g.close();
    g.close();
    assertThrows(IllegalStateException.class, g::get);
    assertThrows(IllegalStateException.class, () -> g.set(2));
    Mutex.Guard<Integer> h = m.tryLock().orElseThrow();
    assertTrue(m.tryLock().isEmpty(), "a second close released the lock twice");
    h.close();
  }

  @Test
  void lockWaitsWhileHeldAndIsWokenOnClose() {
    Mutex<Integer> m = new Mutex<>(0);
    Mutex.Guard<Integer> g = m.tryLock().orElseThrow();
    MockTask<Mutex.Guard<Integer>> waiting = MockTask.of(m.lock());
    waiting.assertPending();
    assertTrue(m.tryLock().isEmpty());
    g.close();
    assertTrue(waiting.isWoken());
    waiting.assertReady().close();
  }

  @Test
  void waitersGetTheLockInFifoOrderAndTryLockDoesNotOvertake() {
    Mutex<Integer> m = new Mutex<>(0);
    Mutex.Guard<Integer> g = m.tryLock().orElseThrow();
    MockTask<Mutex.Guard<Integer>> a = MockTask.of(m.lock());
    MockTask<Mutex.Guard<Integer>> b = MockTask.of(m.lock());
    a.assertPending();
    b.assertPending();
    g.close();
    assertTrue(m.tryLock().isEmpty(), "tryLock overtook a queued waiter");
    assertTrue(a.isWoken());
    assertFalse(b.isWoken());
    b.assertPending();
    a.assertReady().close();
    assertTrue(b.isWoken());
    b.assertReady().close();
    assertTrue(m.tryLock().isPresent());
  }

  @Test
  void aCancelledLockThatWasGrantedPassesTheLockOn() {
    Mutex<Integer> m = new Mutex<>(0);
    Mutex.Guard<Integer> g = m.tryLock().orElseThrow();
    MockTask<Mutex.Guard<Integer>> a = MockTask.of(m.lock());
    MockTask<Mutex.Guard<Integer>> b = MockTask.of(m.lock());
    a.assertPending();
    b.assertPending();
    g.close(); // the lock is handed to a
    a.cancel();
    assertTrue(b.isWoken(), "the lock handed to a cancelled waiter was leaked");
    b.assertReady().close();
  }

  @Test
  void aCancelledQueuedLockLeavesTheQueue() {
    Mutex<Integer> m = new Mutex<>(0);
    Mutex.Guard<Integer> g = m.tryLock().orElseThrow();
    MockTask<Mutex.Guard<Integer>> a = MockTask.of(m.lock());
    a.assertPending();
    a.cancel();
    g.close();
    assertTrue(m.tryLock().isPresent(), "a cancelled waiter kept its place");
  }

  @Test
  void lockConsumesTheBudget() {
    Mutex<Integer> m = new Mutex<>(0);
    Budgets.run(0, ts -> {
      MockTask<Mutex.Guard<Integer>> t = MockTask.of(m.lock());
      t.assertPending();
      assertTrue(t.isWoken());
      assertTrue(m.tryLock().isPresent(), "a lock out of budget took the lock");
    });
  }

  // ---- RwLock ----

  @Test
  void manyReadersOrOneWriter() {
    RwLock<String> l = new RwLock<>("v");
    RwLock.ReadGuard<String> r1 = MockTask.of(l.read()).assertReady();
    RwLock.ReadGuard<String> r2 = l.tryRead().orElseThrow();
    assertEquals("v", r1.get());
    assertTrue(l.tryWrite().isEmpty());
    MockTask<Mutex.Guard<String>> w = MockTask.of(l.write());
    w.assertPending();
    r1.close();
    assertFalse(w.isWoken());
    r2.close();
    assertTrue(w.isWoken());
    Mutex.Guard<String> wg = w.assertReady();
    wg.set("w");
    assertTrue(l.tryRead().isEmpty());
    wg.close();
    assertEquals("w", l.tryRead().orElseThrow().get());
  }

  @Test
  void aQueuedWriterIsNotStarvedByLaterReaders() {
    RwLock<Integer> l = new RwLock<>(0);
    RwLock.ReadGuard<Integer> r = l.tryRead().orElseThrow();
    MockTask<Mutex.Guard<Integer>> w = MockTask.of(l.write());
    w.assertPending();
    assertTrue(l.tryRead().isEmpty(), "a later reader overtook the queued writer");
    MockTask<RwLock.ReadGuard<Integer>> later = MockTask.of(l.read());
    later.assertPending();
    r.close();
    assertTrue(w.isWoken());
    assertFalse(later.isWoken());
    w.assertReady().close();
    assertTrue(later.isWoken());
    later.assertReady().close();
  }

  @Test
  void aCancelledWriterLetsTheReadersBehindItIn() {
    RwLock<Integer> l = new RwLock<>(0);
    RwLock.ReadGuard<Integer> r = l.tryRead().orElseThrow();
    MockTask<Mutex.Guard<Integer>> w = MockTask.of(l.write());
    w.assertPending();
    MockTask<RwLock.ReadGuard<Integer>> reader = MockTask.of(l.read());
    reader.assertPending();
    w.cancel();
    assertTrue(reader.isWoken(), "readers behind a cancelled writer must go on");
    reader.assertReady().close();
    r.close();
    assertTrue(l.tryWrite().isPresent());
  }

  @Test
  void readGuardsAfterCloseThrow() {
    RwLock<Integer> l = new RwLock<>(0);
    RwLock.ReadGuard<Integer> r = MockTask.of(l.read()).assertReady();
    r.close();
    r.close();
    assertThrows(IllegalStateException.class, r::get);
    Mutex.Guard<Integer> w = l.tryWrite().orElseThrow();
    w.close();
    assertThrows(IllegalStateException.class, w::get);
  }
}
