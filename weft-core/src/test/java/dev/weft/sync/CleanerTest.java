package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.test.MockTask;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Handles that become unreachable without {@code close()} are closed by the library's cleaner,
 * as Rust's drop would, so the other end does not wait forever.
 */
class CleanerTest {

  /** Runs the GC until {@code done} holds, failing after a deadline. */
  private static void gcUntil(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("the dropped handle was not closed by the cleaner within 20 s");
      }
      System.gc();
      Thread.sleep(10);
    }
  }

  /** A channel whose sender is dropped inside this method: only the receiver escapes. */
  private static Receiver<Integer> receiverOfADroppedSender() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(4);
    Sender<Integer> tx = ch.sender();
    tx.trySend(1);
    tx.trySend(2);
    return ch.receiver(); // tx is never closed
  }

  @Test
  void anUnreachableSenderIsClosedSoTheReceiverEnds() throws InterruptedException {
    Receiver<Integer> rx = receiverOfADroppedSender();
    assertEquals(Optional.of(1), rx.tryRecv());
    assertEquals(Optional.of(2), rx.tryRecv());
    MockTask<Optional<Integer>> recv = MockTask.of(rx.recv());
    recv.assertPending();
    gcUntil(recv::isWoken);
    assertEquals(Optional.empty(), recv.assertReady());
  }

  @Test
  void aReceiverBlockedOnAnUnreachableSenderEndsUnderBlockOn() {
    Receiver<Integer> rx = receiverOfADroppedSender();
    Thread gc = Thread.ofPlatform().daemon().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        System.gc();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
        assertEquals(Optional.of(1), Futures.blockOn(rx.recv()));
        assertEquals(Optional.of(2), Futures.blockOn(rx.recv()));
        assertEquals(Optional.empty(), Futures.blockOn(rx.recv()));
      });
    } finally {
      gc.interrupt();
    }
  }

  /**
   * A capacity-1 channel whose only sender is closed after reserving the one slot; the permit is
   * dropped unused inside this method.
   */
  private static Receiver<Integer> receiverOfADroppedPermit() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    try (Sender<Integer> tx = ch.sender()) {
      Sender.Permit<Integer> permit = Futures.blockOn(tx.reserve());
      assertTrue(permit.toString().contains("unused"));
    }
    return ch.receiver();
  }

  @Test
  void anUnreachableUnusedPermitCountsAsASenderNoMoreSoTheReceiverEnds()
      throws InterruptedException {
    Receiver<Integer> rx = receiverOfADroppedPermit();
    MockTask<Optional<Integer>> recv = MockTask.of(rx.recv());
    recv.assertPending(); // the outstanding permit still counts as an open sender
    gcUntil(recv::isWoken);
    assertEquals(Optional.empty(), recv.assertReady());
  }

  @Test
  void anUnreachableUnusedPermitGivesItsRoomBack() throws InterruptedException {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    Sender<Integer> tx = ch.sender();
    dropAPermit(tx);
    assertTrue(!tx.trySend(1), "the dropped permit still holds the only slot");
    MockTask<Void> send = MockTask.of(tx.send(2));
    send.assertPending();
    gcUntil(send::isWoken);
    send.assertReady();
    assertEquals(Optional.of(2), ch.receiver().tryRecv());
    tx.close();
  }

  private static void dropAPermit(Sender<Integer> tx) {
    Futures.blockOn(tx.reserve());
  }

  @Test
  void aUsedPermitIsNotGivenBackAgainByTheCleaner() throws InterruptedException {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(3); // the permit's value 1 holds one slot
    Sender<Integer> tx = ch.sender();
    sendThroughAPermit(tx, 1);
    releaseAPermit(tx);
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertTrue(tx.trySend(2));
    assertTrue(tx.trySend(3));
    assertTrue(!tx.trySend(4), "a used permit's room was given back twice");
    tx.close();
    assertEquals(java.util.List.of(1, 2, 3), Futures.blockOn(ch.receiver().collectList()));
  }

  private static void sendThroughAPermit(Sender<Integer> tx, int v) {
    Futures.blockOn(tx.reserve()).send(v);
  }

  private static void releaseAPermit(Sender<Integer> tx) {
    Futures.blockOn(tx.reserve()).release();
  }

  private static Sender<Integer> senderOfADroppedReceiver() {
    return Mpsc.<Integer>bounded(1).sender();
  }

  @Test
  void anUnreachableReceiverIsClosedSoSendersFail() throws InterruptedException {
    Sender<Integer> tx = senderOfADroppedReceiver();
    gcUntil(tx::isClosed);
    assertThrows(ChannelClosedException.class, () -> tx.trySend(1));
  }

  private static Oneshot.Receiver<Integer> oneshotOfADroppedSender() {
    return Oneshot.<Integer>channel().receiver();
  }

  @Test
  void anUnreachableOneshotSenderFailsTheReceiver() throws InterruptedException {
    MockTask<Integer> rx = MockTask.of(oneshotOfADroppedSender());
    rx.assertPending();
    gcUntil(rx::isWoken);
    assertInstanceOf(ChannelClosedException.class, rx.assertFails());
  }

  private static Watch.Receiver<Integer> watchOfADroppedSender() {
    return Watch.channel(0).subscribe();
  }

  @Test
  void anUnreachableWatchSenderClosesTheChannel() throws InterruptedException {
    Future<Void> changed = watchOfADroppedSender().changed();
    MockTask<Void> t = MockTask.of(changed);
    t.assertPending();
    gcUntil(t::isWoken);
    assertInstanceOf(ChannelClosedException.class, t.assertFails());
  }

  private static Broadcast.Receiver<Integer> broadcastOfADroppedSender() {
    return Broadcast.<Integer>channel(2).subscribe();
  }

  @Test
  void anUnreachableBroadcastSenderEndsTheReceivers() throws InterruptedException {
    MockTask<Optional<Integer>> t = MockTask.of(broadcastOfADroppedSender().recv());
    t.assertPending();
    gcUntil(t::isWoken);
    assertTrue(t.assertReady().isEmpty());
  }

  private static void subscribeAndDrop(Broadcast.Sender<Integer> tx) {
    tx.subscribe(); // never closed
  }

  @Test
  void anUnreachableBroadcastReceiverIsCountedNoMore() throws InterruptedException {
    Broadcast.Sender<Integer> tx = Broadcast.channel(2);
    Broadcast.Receiver<Integer> kept = tx.subscribe();
    subscribeAndDrop(tx);
    assertEquals(2, tx.send(1), "the dropped receiver still counts before the GC");
    gcUntil(() -> tx.send(0) == 1);
    Broadcast.Receiver<Integer> later = tx.subscribe();
    assertEquals(2, tx.send(7));
    later.close();
    kept.close();
    assertEquals(0, tx.send(8), "closed receivers count no more, and are not given back twice");
    tx.close();
  }
}
