package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.MockTask;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of {@link Semaphore}, one test each. */
class SemaphoreTest {

  @Test
  void acquireTakesFreePermitsAtOnceAndCloseGivesThemBack() {
    Semaphore s = new Semaphore(3);
    Semaphore.Permit p = MockTask.of(s.acquire(2)).assertReady();
    assertEquals(1, s.availablePermits());
    p.close();
    p.close(); // idempotent
    assertEquals(3, s.availablePermits());
  }

  @Test
  void argumentsAreCheckedAtTheCall() {
    assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    Semaphore s = new Semaphore(1);
    assertThrows(IllegalArgumentException.class, () -> s.acquire(0));
    assertThrows(IllegalArgumentException.class, () -> s.addPermits(-1));
  }

  @Test
  void acquireWaitsAndIsWokenWhenPermitsComeBack() {
    Semaphore s = new Semaphore(1);
    Semaphore.Permit held = s.tryAcquire().orElseThrow();
    MockTask<Semaphore.Permit> waiting = MockTask.of(s.acquire());
    waiting.assertPending();
    assertFalse(waiting.isWoken());
    held.close();
    assertTrue(waiting.isWoken());
    waiting.assertReady();
    assertEquals(0, s.availablePermits());
  }

  @Test
  void aLargeAcquireAtTheHeadBlocksSmallerOnesBehindIt() {
    Semaphore s = new Semaphore(2);
    MockTask<Semaphore.Permit> big = MockTask.of(s.acquire(5));
    big.assertPending();
    assertEquals(0, s.availablePermits(), "free permits go to the head waiter first");
    MockTask<Semaphore.Permit> small = MockTask.of(s.acquire(1));
    small.assertPending();
    s.addPermits(2);
    assertFalse(small.isWoken(), "a small acquire overtook the large one at the head");
    assertEquals(0, s.availablePermits());
    s.addPermits(2);
    assertTrue(big.isWoken());
    assertTrue(small.isWoken(), "the sixth permit goes to the next waiter");
    Semaphore.Permit bp = big.assertReady();
    small.assertReady();
    bp.close();
    assertEquals(5, s.availablePermits());
  }

  @Test
  void tryAcquireDoesNotOvertakeAQueuedWaiter() {
    Semaphore s = new Semaphore(1);
    MockTask<Semaphore.Permit> big = MockTask.of(s.acquire(2));
    big.assertPending();
    assertEquals(Optional.empty(), s.tryAcquire());
    s.addPermits(1);
    big.assertReady();
  }

  @Test
  void waitersAreServedInFifoOrder() {
    Semaphore s = new Semaphore(0);
    MockTask<Semaphore.Permit> a = MockTask.of(s.acquire());
    MockTask<Semaphore.Permit> b = MockTask.of(s.acquire());
    MockTask<Semaphore.Permit> c = MockTask.of(s.acquire());
    a.assertPending();
    b.assertPending();
    c.assertPending();
    s.addPermits(1);
    assertTrue(a.isWoken());
    assertFalse(b.isWoken());
    s.addPermits(1);
    assertTrue(b.isWoken());
    assertFalse(c.isWoken());
    a.assertReady();
    b.assertReady();
    c.assertPending();
  }

  @Test
  void aCancelledQueuedAcquireReturnsItsPartialAccountToTheNext() {
    Semaphore s = new Semaphore(2);
    MockTask<Semaphore.Permit> big = MockTask.of(s.acquire(3)); // takes the 2 into its account
    big.assertPending();
    MockTask<Semaphore.Permit> small = MockTask.of(s.acquire(2));
    small.assertPending();
    big.cancel();
    assertTrue(small.isWoken(), "the cancelled acquire's permits must pass on");
    small.assertReady();
    assertEquals(0, s.availablePermits());
  }

  @Test
  void aCancelledGrantedAcquirePassesThePermitsOn() {
    Semaphore s = new Semaphore(0);
    MockTask<Semaphore.Permit> a = MockTask.of(s.acquire());
    MockTask<Semaphore.Permit> b = MockTask.of(s.acquire());
    a.assertPending();
    b.assertPending();
    s.addPermits(1);
    assertTrue(a.isWoken());
    a.cancel();
    assertTrue(b.isWoken());
    b.assertReady();
  }

  @Test
  void aCancelledAcquireLeavesTheQueueEmptyAndPermitsFree() {
    Semaphore s = new Semaphore(1);
    MockTask<Semaphore.Permit> big = MockTask.of(s.acquire(4));
    big.assertPending();
    big.cancel();
    assertEquals(1, s.availablePermits());
    assertTrue(s.tryAcquire().isPresent(), "a cancelled waiter still blocks tryAcquire");
  }

  @Test
  void closeFailsPendingAndLaterAcquiresWithIllegalState() {
    Semaphore s = new Semaphore(0);
    MockTask<Semaphore.Permit> waiting = MockTask.of(s.acquire());
    waiting.assertPending();
    s.close();
    assertTrue(waiting.isWoken());
    assertInstanceOf(IllegalStateException.class, waiting.assertFails());
    assertThrows(IllegalStateException.class, s::acquire);
    assertThrows(IllegalStateException.class, s::tryAcquire);
    assertTrue(s.isClosed());
  }

  @Test
  void anAcquireMadeBeforeCloseFailsWhenPolled() {
    Semaphore s = new Semaphore(1);
    var f = s.acquire();
    s.close();
    assertInstanceOf(IllegalStateException.class, MockTask.of(f).assertFails());
  }

  @Test
  void acquireConsumesTheBudget() {
    Semaphore s = new Semaphore(5);
    Budgets.run(1, ts -> {
      MockTask.of(s.acquire()).assertReady();
      MockTask<Semaphore.Permit> second = MockTask.of(s.acquire());
      second.assertPending();
      assertTrue(second.isWoken());
      assertEquals(4, s.availablePermits(), "an acquire out of budget took a permit");
    });
  }

  @Test
  void aCompletedAcquireThrowsWhenPolledAgain() {
    Semaphore s = new Semaphore(1);
    MockTask<Semaphore.Permit> t = MockTask.of(s.acquire());
    t.assertReady();
    assertThrows(IllegalStateException.class, t::poll);
  }

  @Test
  void addPermitsBeyondTheMaximumIsRejected() {
    Semaphore s = new Semaphore(Integer.MAX_VALUE - 1);
    assertThrows(IllegalArgumentException.class, () -> s.addPermits(2));
    s.addPermits(1);
    assertEquals(Integer.MAX_VALUE, s.availablePermits());
  }
}
