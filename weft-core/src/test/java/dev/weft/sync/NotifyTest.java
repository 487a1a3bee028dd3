package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.test.MockTask;
import org.junit.jupiter.api.Test;

/** The rules of {@link Notify} (tokio's semantics), one test each. */
class NotifyTest {

  @Test
  void notifyOneWakesAWaiter() {
    Notify n = new Notify();
    MockTask<Void> t = MockTask.of(n.notified());
    t.assertPending();
    n.notifyOne();
    assertTrue(t.isWoken());
    t.assertReady();
    assertThrows(IllegalStateException.class, t::poll);
  }

  @Test
  void notifyOneWithoutWaitersStoresOnePermitAtMost() {
    Notify n = new Notify();
    n.notifyOne();
    n.notifyOne();
    MockTask.of(n.notified()).assertReady();
    MockTask.of(n.notified()).assertPending();
  }

  @Test
  void notifyOneWakesWaitersInFifoOrder() {
    Notify n = new Notify();
    MockTask<Void> a = MockTask.of(n.notified());
    MockTask<Void> b = MockTask.of(n.notified());
    a.assertPending();
    b.assertPending();
    n.notifyOne();
    assertTrue(a.isWoken());
    assertFalse(b.isWoken());
    b.assertPending();
    a.assertReady();
  }

  @Test
  void notifyWaitersWakesEveryWaiterAndStoresNothing() {
    Notify n = new Notify();
    MockTask<Void> a = MockTask.of(n.notified());
    MockTask<Void> b = MockTask.of(n.notified());
    a.assertPending();
    b.assertPending();
    n.notifyWaiters();
    assertTrue(a.isWoken());
    assertTrue(b.isWoken());
    a.assertReady();
    b.assertReady();
    MockTask.of(n.notified()).assertPending();
  }

  @Test
  void aNotifiedFutureIsRegisteredForNotifyWaitersFromCreation() {
    Notify n = new Notify();
    Future<Void> made = n.notified();
    n.notifyWaiters();
    MockTask.of(made).assertReady();
    MockTask.of(n.notified()).assertPending();
  }

  @Test
  void cancellingAFutureThatReceivedNotifyOnePassesItOn() {
    Notify n = new Notify();
    MockTask<Void> a = MockTask.of(n.notified());
    MockTask<Void> b = MockTask.of(n.notified());
    a.assertPending();
    b.assertPending();
    n.notifyOne();
    a.cancel();
    assertTrue(b.isWoken(), "the notification of the cancelled waiter was lost");
    b.assertReady();
  }

  @Test
  void cancellingTheOnlyNotifiedWaiterStoresThePermit() {
    Notify n = new Notify();
    MockTask<Void> a = MockTask.of(n.notified());
    a.assertPending();
    n.notifyOne();
    a.cancel();
    MockTask.of(n.notified()).assertReady();
  }

  @Test
  void aCancelledWaiterIsNotPickedByNotifyOne() {
    Notify n = new Notify();
    MockTask<Void> a = MockTask.of(n.notified());
    MockTask<Void> b = MockTask.of(n.notified());
    a.assertPending();
    b.assertPending();
    a.cancel();
    n.notifyOne();
    assertTrue(b.isWoken());
    b.assertReady();
  }
}
