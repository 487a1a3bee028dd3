package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.MockTask;
import org.junit.jupiter.api.Test;

/** The rules of {@link Oneshot}, one test each. */
class OneshotTest {

  @Test
  void theReceiverWaitsForTheValueAndIsWoken() {
    Oneshot.Channel<String> ch = Oneshot.channel();
    MockTask<String> rx = MockTask.of(ch.receiver());
    rx.assertPending();
    assertTrue(ch.sender().send("v"));
    assertTrue(rx.isWoken());
    assertEquals("v", rx.assertReady());
    assertThrows(IllegalStateException.class, rx::poll);
  }

  @Test
  void aValueSentBeforeThePollIsReadyAtOnce() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.sender().send(1);
    assertEquals(1, MockTask.of(ch.receiver()).assertReady());
  }

  @Test
  void aSecondSendThrows() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.sender().send(1);
    assertThrows(IllegalStateException.class, () -> ch.sender().send(2));
  }

  @Test
  void sendAfterTheReceiverClosedReturnsFalse() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    assertFalse(ch.sender().isClosed());
    ch.receiver().close();
    assertTrue(ch.sender().isClosed());
    assertFalse(ch.sender().send(1));
  }

  @Test
  void cancellingTheReceiverClosesIt() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    MockTask<Integer> rx = MockTask.of(ch.receiver());
    rx.assertPending();
    rx.cancel();
    assertTrue(ch.sender().isClosed());
    assertFalse(ch.sender().send(1));
  }

  @Test
  void theReceiverFailsIfTheSenderClosedWithoutSending() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    MockTask<Integer> rx = MockTask.of(ch.receiver());
    rx.assertPending();
    ch.sender().close();
    assertTrue(rx.isWoken());
    assertInstanceOf(ChannelClosedException.class, rx.assertFails());
  }

  @Test
  void closeAfterSendDoesNotTakeTheValueBack() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.sender().send(3);
    ch.sender().close();
    assertEquals(3, MockTask.of(ch.receiver()).assertReady());
  }

  @Test
  void sendAfterCloseThrows() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.sender().close();
    assertThrows(IllegalStateException.class, () -> ch.sender().send(1));
  }

  @Test
  void aClosedReceiverStillGetsAValueSentBefore() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.sender().send(5);
    ch.receiver().close();
    assertEquals(5, MockTask.of(ch.receiver()).assertReady());
  }

  @Test
  void aClosedReceiverWithoutValueFails() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.receiver().close();
    assertInstanceOf(ChannelClosedException.class, MockTask.of(ch.receiver()).assertFails());
  }

  @Test
  void nullIsRejected() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    assertThrows(NullPointerException.class, () -> ch.sender().send(null));
    assertTrue(ch.sender().send(1), "a rejected null must not use the sender up");
  }

  @Test
  void receiveConsumesTheBudget() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.sender().send(1);
    Budgets.run(0, ts -> {
      MockTask<Integer> rx = MockTask.of(ch.receiver());
      rx.assertPending();
      assertTrue(rx.isWoken());
      ts.budget = 1;
      assertEquals(1, rx.assertReady());
    });
  }

  /**
   * The rule: a closed receiver with nothing sent fails with ChannelClosedException. A poll
   * already waiting when another task closed the receiver is woken to fail, not left waiting.
   */
  @Test
  void closeWakesAReceiverAlreadyWaiting() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    MockTask<Integer> waiting = MockTask.of(ch.receiver());
    waiting.assertPending();
    ch.receiver().close();
    assertTrue(waiting.isWoken());
    assertInstanceOf(ChannelClosedException.class, waiting.assertFails());
    assertFalse(ch.sender().send(1));
  }
}
