package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.MockTask;
import org.junit.jupiter.api.Test;

/** The rules of {@link Watch}, one test each. */
class WatchTest {

  @Test
  void theValueCurrentAtSubscribeCountsAsSeen() {
    Watch.Sender<String> tx = Watch.channel("a");
    Watch.Receiver<String> rx = tx.subscribe();
    assertEquals("a", rx.borrow());
    MockTask.of(rx.changed()).assertPending();
  }

  @Test
  void changedCompletesForAnUnseenValueAndMarksItSeen() {
    Watch.Sender<String> tx = Watch.channel("a");
    Watch.Receiver<String> rx = tx.subscribe();
    MockTask<Void> t = MockTask.of(rx.changed());
    t.assertPending();
    tx.send("b");
    assertTrue(t.isWoken());
    t.assertReady();
    assertEquals("b", rx.borrow());
    MockTask.of(rx.changed()).assertPending();
  }

  @Test
  void borrowDoesNotMarkSeen() {
    Watch.Sender<String> tx = Watch.channel("a");
    Watch.Receiver<String> rx = tx.subscribe();
    tx.send("b");
    assertEquals("b", rx.borrow());
    MockTask.of(rx.changed()).assertReady();
  }

  @Test
  void severalSendsAreOneChange() {
    Watch.Sender<Integer> tx = Watch.channel(0);
    Watch.Receiver<Integer> rx = tx.subscribe();
    tx.send(1);
    tx.send(2);
    MockTask.of(rx.changed()).assertReady();
    assertEquals(2, rx.borrow());
    MockTask.of(rx.changed()).assertPending();
  }

  @Test
  void afterCloseChangedFailsOnceEverythingWasSeen() {
    Watch.Sender<Integer> tx = Watch.channel(0);
    Watch.Receiver<Integer> rx = tx.subscribe();
    MockTask<Void> waiting = MockTask.of(rx.changed());
    waiting.assertPending();
    tx.send(1);
    tx.close();
    assertTrue(waiting.isWoken());
    waiting.assertReady(); // the unseen 1 first
    assertInstanceOf(ChannelClosedException.class, MockTask.of(rx.changed()).assertFails());
    assertEquals(1, rx.borrow());
    assertThrows(IllegalStateException.class, () -> tx.send(2));
  }

  @Test
  void closeWakesAWaitingChangedToFail() {
    Watch.Sender<Integer> tx = Watch.channel(0);
    Watch.Receiver<Integer> rx = tx.subscribe();
    MockTask<Void> waiting = MockTask.of(rx.changed());
    waiting.assertPending();
    tx.close();
    assertTrue(waiting.isWoken());
    assertInstanceOf(ChannelClosedException.class, waiting.assertFails());
  }

  @Test
  void aCancelledChangedLeavesTheChangeForTheNext() {
    Watch.Sender<Integer> tx = Watch.channel(0);
    Watch.Receiver<Integer> rx = tx.subscribe();
    MockTask<Void> t = MockTask.of(rx.changed());
    t.assertPending();
    tx.send(1);
    t.cancel();
    MockTask.of(rx.changed()).assertReady();
  }

  @Test
  void nullIsRejected() {
    assertThrows(NullPointerException.class, () -> Watch.channel(null));
    Watch.Sender<Integer> tx = Watch.channel(0);
    assertThrows(NullPointerException.class, () -> tx.send(null));
  }

  /**
   * The rule: on a runtime, a ready channel operation may return pending once its task's
   * budget is spent, and the task is woken again at once; a pending poll spends nothing.
   */
  @Test
  void changedConsumesTheBudget() {
    Watch.Sender<Integer> tx = Watch.channel(0);
    Watch.Receiver<Integer> rx = tx.subscribe();
    tx.send(1);
    Budgets.run(0, ts -> {
      MockTask<Void> t = MockTask.of(rx.changed());
      t.assertPending();
      assertTrue(t.isWoken());
      ts.budget = 1;
      t.assertReady();
      assertEquals(0, ts.budget);
      ts.budget = 1;
      MockTask.of(rx.changed()).assertPending(); // nothing new: the unit is given back
      assertEquals(1, ts.budget);
    });
  }
}
