package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import dev.weft.test.MockTask;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of {@link Broadcast}, one test each. */
class BroadcastTest {

  private static <T> Optional<T> recv(Broadcast.Receiver<T> rx) {
    return MockTask.of(rx.recv()).assertReady();
  }

  @Test
  void capacityIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> Broadcast.channel(0));
  }

  @Test
  void everyReceiverSeesEveryValueSentAfterItSubscribed() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(4);
    assertEquals(0, tx.send(0), "nobody subscribed: dropped");
    Broadcast.Receiver<Integer> a = tx.subscribe();
    assertEquals(1, tx.send(1));
    Broadcast.Receiver<Integer> b = tx.subscribe();
    assertEquals(2, tx.send(2));
    assertEquals(Optional.of(1), recv(a));
    assertEquals(Optional.of(2), recv(a));
    assertEquals(Optional.of(2), recv(b));
    MockTask.of(a.recv()).assertPending();
  }

  @Test
  void aWaitingReceiverIsWokenBySend() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(4);
    Broadcast.Receiver<Integer> a = tx.subscribe();
    MockTask<Optional<Integer>> t = MockTask.of(a.recv());
    t.assertPending();
    tx.send(9);
    assertTrue(t.isWoken());
    assertEquals(Optional.of(9), t.assertReady());
  }

  @Test
  void aLaggingReceiverGetsOneLaggedExceptionThenTheOldestKeptValue() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(2);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    for (int i = 1; i <= 5; i++) {
      tx.send(i); // keeps 4 and 5
    }
    Throwable t = MockTask.of(rx.recv()).assertFails();
    LaggedException lag = assertInstanceOf(LaggedException.class, t);
    assertEquals(3, lag.skipped());
    assertEquals(Optional.of(4), recv(rx));
    assertEquals(Optional.of(5), recv(rx));
  }

  @Test
  void keepsExactlyCapacityValues() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(3);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    tx.send(1);
    tx.send(2);
    tx.send(3);
    assertEquals(Optional.of(1), recv(rx), "capacity values must be kept without a lag");
    tx.send(4);
    tx.send(5);
    tx.send(6); // 4, 5, 6 kept: the receiver, next at 2, missed 2 and 3
    assertEquals(2, assertInstanceOf(LaggedException.class, MockTask.of(rx.recv()).assertFails()).skipped());
    assertEquals(Optional.of(4), recv(rx));
  }

  @Test
  void asAStreamALagFailsTheStream() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(1);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    tx.send(1);
    tx.send(2);
    assertThrows(LaggedException.class, () -> rx.pollNext(Context.of(Waker.noop())));
  }

  @Test
  void afterTheSenderClosedReceiversDrainThenEnd() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(4);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    MockTask<Optional<Integer>> waiting = MockTask.of(tx.subscribe().recv());
    waiting.assertPending();
    tx.send(1);
    tx.close();
    assertTrue(waiting.isWoken());
    assertEquals(Optional.of(1), recv(rx));
    assertEquals(Optional.empty(), recv(rx));
    assertEquals(Optional.empty(), recv(tx.subscribe()), "a receiver subscribed after close ends");
    assertThrows(IllegalStateException.class, () -> tx.send(2));
  }

  @Test
  void aClosedReceiverDrainsWhatWasSentBeforeAndIsNotCounted() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(4);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    tx.send(1);
    rx.close();
    assertEquals(0, tx.send(2));
    assertEquals(Optional.of(1), recv(rx));
    assertEquals(Optional.empty(), recv(rx));
  }

  @Test
  void cancelOfTheStreamClosesTheReceiver() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(4);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    rx.cancel();
    assertEquals(0, tx.send(1));
  }

  @Test
  void aCancelledRecvConsumedNothing() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(4);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    MockTask<Optional<Integer>> t = MockTask.of(rx.recv());
    t.assertPending();
    tx.send(1);
    t.cancel();
    assertEquals(Optional.of(1), recv(rx));
  }

  @Test
  void nullIsRejected() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(4);
    assertThrows(NullPointerException.class, () -> tx.send(null));
    assertFalse(tx.subscribe().next() == null);
  }

  /**
   * The rule: after its close a receiver drains what was sent before, then recv gives empty. A
   * recv (or the stream view) already waiting when another task closed the receiver is woken;
   * another receiver's waiting recv is not disturbed.
   */
  @Test
  void closeWakesThisReceiversWaitingRecvsOnly() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(2);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    Broadcast.Receiver<Integer> other = tx.subscribe();
    MockTask<Optional<Integer>> waiting = MockTask.of(rx.recv());
    waiting.assertPending();
    MockTask<Optional<Integer>> viaStream = MockTask.of(rx.next());
    viaStream.assertPending();
    MockTask<Optional<Integer>> otherWaiting = MockTask.of(other.recv());
    otherWaiting.assertPending();
    rx.close();
    assertTrue(waiting.isWoken());
    assertTrue(viaStream.isWoken());
    assertFalse(otherWaiting.isWoken());
    assertEquals(Optional.empty(), waiting.assertReady());
    assertEquals(Optional.empty(), viaStream.assertReady());
    assertEquals(1, tx.send(7));
    assertTrue(otherWaiting.isWoken());
    assertEquals(Optional.of(7), otherWaiting.assertReady());
  }
}
