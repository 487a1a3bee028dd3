package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.test.MockTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of {@link Mpsc} channels, one test each, polled by hand with {@link MockTask}. */
class MpscTest {

  private static <T> Mpsc.Channel<T> channel(int capacity) {
    return capacity == 0 ? Mpsc.unbounded() : Mpsc.bounded(capacity);
  }

  @Test
  void boundedRejectsCapacityBelowOneAtTheCall() {
    assertThrows(IllegalArgumentException.class, () -> Mpsc.bounded(0));
    assertThrows(IllegalArgumentException.class, () -> Mpsc.bounded(-3));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 100_000, 0})
  void valuesArriveInOrder(int capacity) {
    Mpsc.Channel<Integer> ch = channel(capacity);
    int n = capacity == 0 ? 10 : Math.min(capacity, 10);
    for (int i = 0; i < n; i++) {
      assertTrue(ch.sender().trySend(i));
    }
    for (int i = 0; i < n; i++) {
      assertEquals(Optional.of(i), MockTask.of(ch.receiver().recv()).assertReady());
    }
    assertEquals(Optional.empty(), ch.receiver().tryRecv());
  }

  @Test
  void boundedHoldsAtMostCapacityValues() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(3);
    assertTrue(ch.sender().trySend(1));
    assertTrue(ch.sender().trySend(2));
    assertTrue(ch.sender().trySend(3));
    assertFalse(ch.sender().trySend(4), "a fourth value in a channel of capacity 3");
    MockTask<Void> send = MockTask.of(ch.sender().send(4));
    send.assertPending();
    assertEquals(Optional.of(1), ch.receiver().tryRecv());
    assertTrue(send.isWoken(), "taking a value must wake the sender waiting for room");
    send.assertReady();
    assertFalse(ch.sender().trySend(5));
  }

  @Test
  void sendWaitsForRoomAndRegistersBeforeItReturnsPending() {
    Mpsc.Channel<String> ch = Mpsc.bounded(1);
    MockTask<Void> first = MockTask.of(ch.sender().send("a"));
    first.assertReady();
    MockTask<Void> second = MockTask.of(ch.sender().send("b"));
    second.assertPending();
    second.assertPending();
    assertFalse(second.isWoken());
    MockTask<Optional<String>> recv = MockTask.of(ch.receiver().recv());
    assertEquals(Optional.of("a"), recv.assertReady());
    assertTrue(second.isWoken());
    second.assertReady();
    assertEquals(Optional.of("b"), ch.receiver().tryRecv());
  }

  @Test
  void waitingSendersAreServedInFifoOrderAndTrySendDoesNotOvertake() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    assertTrue(ch.sender().trySend(0));
    MockTask<Void> s1 = MockTask.of(ch.sender().send(1));
    MockTask<Void> s2 = MockTask.of(ch.sender().send(2));
    s1.assertPending();
    s2.assertPending();
    assertEquals(Optional.of(0), ch.receiver().tryRecv());
    assertFalse(ch.sender().trySend(9), "trySend overtook a waiting sender");
    assertTrue(s1.isWoken());
    assertFalse(s2.isWoken());
    s2.assertPending();
    s1.assertReady();
    assertEquals(Optional.of(1), ch.receiver().tryRecv());
    s2.assertReady();
    assertEquals(Optional.of(2), ch.receiver().tryRecv());
  }

  @Test
  void recvRegistersItsWakerAndIsWokenBySend() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(4);
    MockTask<Optional<Integer>> recv = MockTask.of(ch.receiver().recv());
    recv.assertPending();
    assertFalse(recv.isWoken());
    assertTrue(ch.sender().trySend(7));
    assertTrue(recv.isWoken());
    assertEquals(Optional.of(7), recv.assertReady());
  }

  @Test
  void recvIsANewFutureEachCallAndACompletedOneThrows() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(4);
    ch.sender().trySend(1);
    Future<Optional<Integer>> r1 = ch.receiver().recv();
    Future<Optional<Integer>> r2 = ch.receiver().recv();
    assertNotSame(r1, r2);
    MockTask<Optional<Integer>> t = MockTask.of(r1);
    t.assertReady();
    assertThrows(IllegalStateException.class, t::poll);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 0})
  void receiverDrainsAfterEverySenderClosedThenEnds(int capacity) {
    Mpsc.Channel<Integer> ch = channel(capacity);
    Sender<Integer> other = ch.sender().clone();
    ch.sender().trySend(1);
    other.trySend(2);
    ch.sender().close();
    MockTask<Optional<Integer>> waiting = MockTask.of(ch.receiver().recv());
    assertEquals(Optional.of(1), waiting.assertReady());
    assertEquals(Optional.of(2), ch.receiver().tryRecv());
    MockTask<Optional<Integer>> last = MockTask.of(ch.receiver().recv());
    last.assertPending();
    other.close();
    assertTrue(last.isWoken(), "closing the last sender must wake the receiver");
    assertEquals(Optional.empty(), last.assertReady());
    assertEquals(Optional.empty(), MockTask.of(ch.receiver().recv()).assertReady());
    assertThrows(ChannelClosedException.class, ch.receiver()::tryRecv);
  }

  @Test
  void sendAfterTheReceiverClosedFailsWithChannelClosed() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    assertFalse(ch.sender().isClosed());
    ch.receiver().close();
    assertTrue(ch.sender().isClosed());
    assertInstanceOf(ChannelClosedException.class, MockTask.of(ch.sender().send(1)).assertFails());
    assertThrows(ChannelClosedException.class, () -> ch.sender().trySend(1));
    assertInstanceOf(ChannelClosedException.class, MockTask.of(ch.sender().reserve()).assertFails());
  }

  @Test
  void trySendOnAFullClosedChannelReportsTheClosure() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    ch.sender().trySend(1);
    ch.receiver().close();
    assertThrows(ChannelClosedException.class, () -> ch.sender().trySend(2));
  }

  @Test
  void closingTheReceiverWakesWaitingSendersToFail() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    ch.sender().trySend(1);
    MockTask<Void> send = MockTask.of(ch.sender().send(2));
    send.assertPending();
    ch.receiver().close();
    assertTrue(send.isWoken());
    assertInstanceOf(ChannelClosedException.class, send.assertFails());
  }

  @Test
  void receiverAfterItsOwnCloseDrainsThenEnds() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(3);
    ch.sender().trySend(1);
    ch.sender().trySend(2);
    ch.receiver().close();
    assertEquals(Optional.of(1), MockTask.of(ch.receiver().recv()).assertReady());
    assertEquals(Optional.of(2), MockTask.of(ch.receiver().recv()).assertReady());
    assertEquals(Optional.empty(), MockTask.of(ch.receiver().recv()).assertReady());
  }

  @Test
  void cancelOfTheReceiverStreamClosesIt() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(3);
    ch.receiver().cancel();
    assertTrue(ch.sender().isClosed());
    assertThrows(ChannelClosedException.class, () -> ch.sender().trySend(1));
  }

  @Test
  void aClosedSenderHandleThrowsIllegalStateAtTheCall() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(3);
    Sender<Integer> tx = ch.sender().clone();
    tx.close();
    tx.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> tx.send(1));
    assertThrows(IllegalStateException.class, () -> tx.trySend(1));
    assertThrows(IllegalStateException.class, tx::reserve);
    assertThrows(IllegalStateException.class, tx::clone);
    assertTrue(ch.sender().trySend(1), "the other handle still works");
  }

  @Test
  void aSendFutureMadeBeforeItsHandleClosedFailsAtItsFirstPoll() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(3);
    Future<Void> send = ch.sender().send(1);
    ch.sender().close();
    assertInstanceOf(IllegalStateException.class, MockTask.of(send).assertFails());
    assertEquals(Optional.empty(), MockTask.of(ch.receiver().recv()).assertReady());
  }

  @Test
  void nullValuesAreRejected() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(3);
    assertThrows(NullPointerException.class, () -> ch.sender().send(null));
    assertThrows(NullPointerException.class, () -> ch.sender().trySend(null));
    Sender.Permit<Integer> p = MockTask.of(ch.sender().reserve()).assertReady();
    assertThrows(NullPointerException.class, () -> p.send(null));
    p.release();
  }

  @Test
  void sendIsLazy() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(3);
    Future<Void> send = ch.sender().send(1);
    assertEquals(Optional.empty(), ch.receiver().tryRecv(), "a send future sent before it was polled");
    MockTask.of(send).assertReady();
    assertEquals(Optional.of(1), ch.receiver().tryRecv());
  }

  // ---- reserve and permits ----

  @Test
  void reserveWaitsForRoomAndThePermitCannotFailForLackOfRoom() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    Sender.Permit<Integer> p = MockTask.of(ch.sender().reserve()).assertReady();
    assertFalse(ch.sender().trySend(1), "the permit holds the only room");
    MockTask<Sender.Permit<Integer>> second = MockTask.of(ch.sender().reserve());
    second.assertPending();
    p.send(5);
    assertEquals(Optional.of(5), ch.receiver().tryRecv());
    assertTrue(second.isWoken());
    second.assertReady().send(6);
    assertEquals(Optional.of(6), ch.receiver().tryRecv());
  }

  @Test
  void anOutstandingPermitCountsAsAnOpenSender() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    Sender.Permit<Integer> p = MockTask.of(ch.sender().reserve()).assertReady();
    ch.sender().close();
    MockTask<Optional<Integer>> recv = MockTask.of(ch.receiver().recv());
    recv.assertPending();
    p.send(9);
    assertTrue(recv.isWoken());
    assertEquals(Optional.of(9), recv.assertReady());
    assertEquals(Optional.empty(), MockTask.of(ch.receiver().recv()).assertReady());
  }

  @Test
  void releasingTheLastPermitEndsTheChannel() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    Sender.Permit<Integer> p = MockTask.of(ch.sender().reserve()).assertReady();
    ch.sender().close();
    MockTask<Optional<Integer>> recv = MockTask.of(ch.receiver().recv());
    recv.assertPending();
    p.release();
    assertTrue(recv.isWoken());
    assertEquals(Optional.empty(), recv.assertReady());
  }

  @Test
  void permitSendAfterTheReceiverClosedDropsTheValue() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    Sender.Permit<Integer> p = MockTask.of(ch.sender().reserve()).assertReady();
    ch.receiver().close();
    p.send(1); // no exception: the value is dropped
    ch.sender().close();
    assertEquals(Optional.empty(), MockTask.of(ch.receiver().recv()).assertReady());
  }

  @Test
  void aPermitUsedTwiceThrows() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    Sender.Permit<Integer> p = MockTask.of(ch.sender().reserve()).assertReady();
    p.send(1);
    assertThrows(IllegalStateException.class, () -> p.send(2));
    assertThrows(IllegalStateException.class, p::release);
    Sender.Permit<Integer> q = MockTask.of(ch.sender().reserve()).assertReady();
    q.release();
    assertThrows(IllegalStateException.class, q::release);
    assertThrows(IllegalStateException.class, () -> q.send(3));
    assertEquals(Optional.of(1), ch.receiver().tryRecv());
    assertEquals(Optional.empty(), ch.receiver().tryRecv());
  }

  @Test
  void unboundedReserveIsReadyAtOnce() {
    Mpsc.Channel<Integer> ch = Mpsc.unbounded();
    for (int i = 0; i < 1000; i++) {
      assertTrue(ch.sender().trySend(i));
    }
    MockTask.of(ch.sender().reserve()).assertReady().send(1000);
    for (int i = 0; i <= 1000; i++) {
      assertEquals(Optional.of(i), ch.receiver().tryRecv());
    }
  }

  // ---- cancel safety ----

  @Test
  void aCancelledRecvConsumedNothing() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    MockTask<Optional<Integer>> recv = MockTask.of(ch.receiver().recv());
    recv.assertPending();
    ch.sender().trySend(1);
    recv.cancel();
    assertEquals(Optional.of(1), ch.receiver().tryRecv(), "the cancelled recv took the value");
  }

  @Test
  void aCancelledSendSentNothingAndGivesItsPlaceToTheNext() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    ch.sender().trySend(0);
    MockTask<Void> s1 = MockTask.of(ch.sender().send(1));
    MockTask<Void> s2 = MockTask.of(ch.sender().send(2));
    s1.assertPending();
    s2.assertPending();
    assertEquals(Optional.of(0), ch.receiver().tryRecv()); // room granted to s1
    assertTrue(s1.isWoken());
    s1.cancel(); // granted but never returned: its room passes on
    assertTrue(s2.isWoken(), "the room of the cancelled sender must pass to the next");
    s2.assertReady();
    assertEquals(Optional.of(2), ch.receiver().tryRecv());
    assertEquals(Optional.empty(), ch.receiver().tryRecv());
  }

  @Test
  void aCancelledQueuedSendLeavesTheQueue() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    ch.sender().trySend(0);
    MockTask<Void> s1 = MockTask.of(ch.sender().send(1));
    MockTask<Void> s2 = MockTask.of(ch.sender().send(2));
    s1.assertPending();
    s2.assertPending();
    s1.cancel();
    assertEquals(Optional.of(0), ch.receiver().tryRecv());
    assertTrue(s2.isWoken());
    s2.assertReady();
    assertEquals(Optional.of(2), ch.receiver().tryRecv());
  }

  @Test
  void aCancelledReserveHoldsNothing() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    ch.sender().trySend(0);
    MockTask<Sender.Permit<Integer>> r = MockTask.of(ch.sender().reserve());
    r.assertPending();
    assertEquals(Optional.of(0), ch.receiver().tryRecv());
    r.cancel();
    assertTrue(ch.sender().trySend(1), "the cancelled reserve kept the room");
    ch.sender().close();
    assertEquals(Optional.of(1), ch.receiver().tryRecv());
    assertEquals(Optional.empty(), MockTask.of(ch.receiver().recv()).assertReady());
  }

  // ---- the cooperative budget ----

  @Test
  void recvConsumesTheBudgetAndYieldsWhenItIsSpent() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(8);
    for (int i = 0; i < 5; i++) {
      ch.sender().trySend(i);
    }
    Budgets.run(2, ts -> {
      assertEquals(Optional.of(0), MockTask.of(ch.receiver().recv()).assertReady());
      assertEquals(Optional.of(1), MockTask.of(ch.receiver().recv()).assertReady());
      MockTask<Optional<Integer>> third = MockTask.of(ch.receiver().recv());
      third.assertPending();
      assertTrue(third.isWoken(), "a recv out of budget must wake its task");
      assertEquals(0, ts.budget);
      ts.budget = 1;
      assertEquals(Optional.of(2), third.assertReady());
    });
  }

  @Test
  void aPendingRecvGivesItsBudgetUnitBack() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(8);
    Budgets.run(5, ts -> {
      MockTask.of(ch.receiver().recv()).assertPending();
      assertEquals(5, ts.budget);
    });
  }

  @Test
  void sendConsumesTheBudget() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(8);
    Budgets.run(1, ts -> {
      MockTask.of(ch.sender().send(1)).assertReady();
      MockTask<Void> second = MockTask.of(ch.sender().send(2));
      second.assertPending();
      assertTrue(second.isWoken());
      assertEquals(Optional.of(1), ch.receiver().tryRecv());
      assertEquals(Optional.empty(), ch.receiver().tryRecv(), "a send out of budget sent its value");
    });
  }

  // ---- the stream view ----

  @Test
  void theReceiverIsAStreamThatEndsWithTheChannel() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(4);
    ch.sender().trySend(1);
    ch.sender().trySend(2);
    ch.sender().close();
    List<Integer> seen = new ArrayList<>();
    Optional<Integer> v;
    while ((v = Futures.blockOn(ch.receiver().next())).isPresent()) {
      seen.add(v.get());
    }
    assertEquals(List.of(1, 2), seen);
  }

  /**
   * The rule: after the receiver's close, recv drains the buffer, then gives empty. A recv that
   * was already waiting when another task closed the receiver must be woken to do so, else its
   * task waits for ever.
   */
  @Test
  void closeWakesARecvAlreadyWaiting() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    MockTask<Optional<Integer>> waiting = MockTask.of(ch.receiver().recv());
    waiting.assertPending();
    ch.receiver().close();
    assertTrue(waiting.isWoken());
    assertEquals(Optional.empty(), waiting.assertReady());
  }
}
