package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.test.MockTask;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: a bounded mpsc send (or reserve) that was granted room and then cancelled before
 * its next poll gave the room back without waking the receiver.
 *
 * <p>The losing sequence, on a channel of capacity 1:
 *
 * <ol>
 *   <li>the channel is full, so a {@code send("b")} queues for room and returns pending;
 *   <li>the receiver takes the buffered value: the room it frees is granted to the queued send,
 *       which is woken but not yet polled (the room is now "in flight" for it);
 *   <li>the receiver closes (or the last sender handle closes) and calls {@code recv()}: the
 *       buffer is empty, but a send still holds room and may deliver, so the receiver waits for
 *       it to drain;
 *   <li>the send is cancelled instead of polled: {@code Sem.cancel} gave its room back through
 *       the semaphore, which wakes the next queued sender if there is one, but nothing woke the
 *       receiver. The channel was now idle and ended, and {@code recv()} hung until something
 *       else (the GC running a sender's cleaner) happened to wake it.
 * </ol>
 *
 * <p>The same held for a granted {@code reserve()} cancelled before its next poll. The fix: every
 * path that gives room back without a value ends in {@code Chan.roomGivenBack}, which wakes the
 * receiver; a cancelled grant reaches it through {@code AcquireFuture.permitsGivenBack}. The
 * tests replay the sequence by hand with {@link MockTask}; the last ones pin the other give-back
 * paths (permit release, a permit sent after close, the next waiting sender), which already woke
 * whom they must.
 */
class CancelledSendLostReceiverWakeUpTest {

  /** The two operations that wait for room. */
  enum Waiting {
    SEND(tx -> tx.send("b")),
    RESERVE(Sender::reserve);

    final Function<Sender<String>, Future<?>> start;

    Waiting(Function<Sender<String>, Future<?>> start) {
      this.start = start;
    }
  }

  /** Steps 1 and 2: a full channel of capacity 1 whose queued operation has just been granted. */
  private static MockTask<?> grantedButNotPolled(Mpsc.Channel<String> ch, Waiting op) {
    assertTrue(ch.sender().trySend("a"));
    MockTask<?> waiting = MockTask.of(op.start.apply(ch.sender()));
    waiting.assertPending();
    assertEquals(Optional.of("a"), ch.receiver().tryRecv());
    assertTrue(waiting.isWoken(), "the freed room is granted to the queued " + op);
    return waiting;
  }

  @ParameterizedTest
  @EnumSource
  void aGrantedOperationCancelledAfterTheReceiverClosedWakesTheDrainingReceiver(Waiting op) {
    Mpsc.Channel<String> ch = Mpsc.bounded(1);
    MockTask<?> waiting = grantedButNotPolled(ch, op);
    ch.receiver().close();
    MockTask<Optional<String>> recv = MockTask.of(ch.receiver().recv());
    recv.assertPending(); // the granted operation may still deliver a value
    waiting.cancel();
    assertTrue(recv.isWoken(), "the cancelled " + op + " gave its room back without a wake-up:"
        + " the closed receiver waits forever for it to drain");
    assertEquals(Optional.empty(), recv.assertReady());
  }

  @ParameterizedTest
  @EnumSource
  void aGrantedOperationCancelledAfterTheLastSenderClosedWakesTheReceiver(Waiting op) {
    Mpsc.Channel<String> ch = Mpsc.bounded(1);
    MockTask<?> waiting = grantedButNotPolled(ch, op);
    ch.sender().close(); // the operation's own handle: no sender is left
    MockTask<Optional<String>> recv = MockTask.of(ch.receiver().recv());
    recv.assertPending();
    waiting.cancel();
    assertTrue(recv.isWoken(), "the cancelled " + op + " gave its room back without a wake-up:"
        + " the receiver waits forever for the end");
    assertEquals(Optional.empty(), recv.assertReady());
  }

  @ParameterizedTest
  @EnumSource
  void aGrantedOperationCancelledHandsItsRoomToTheNextWaitingSender(Waiting op) {
    Mpsc.Channel<String> ch = Mpsc.bounded(1);
    assertTrue(ch.sender().trySend("a"));
    MockTask<?> first = MockTask.of(op.start.apply(ch.sender()));
    first.assertPending();
    MockTask<Void> second = MockTask.of(ch.sender().send("c"));
    second.assertPending();
    assertEquals(Optional.of("a"), ch.receiver().tryRecv());
    assertTrue(first.isWoken());
    assertFalse(second.isWoken(), "FIFO: the room went to the first");
    first.cancel();
    assertTrue(second.isWoken(), "the room of the cancelled " + op + " goes to the next sender");
    second.assertReady();
    assertEquals(Optional.of("c"), ch.receiver().tryRecv());
  }

  @Test
  void aPermitReleasedAfterTheReceiverClosedWakesTheDrainingReceiver() {
    Mpsc.Channel<String> ch = Mpsc.bounded(1);
    Sender.Permit<String> permit = MockTask.of(ch.sender().reserve()).assertReady();
    ch.sender().close();
    ch.receiver().close();
    MockTask<Optional<String>> recv = MockTask.of(ch.receiver().recv());
    recv.assertPending(); // the permit may still send
    permit.release();
    assertTrue(recv.isWoken());
    assertEquals(Optional.empty(), recv.assertReady());
  }

  @Test
  void aPermitSentAfterTheReceiverClosedWakesTheDrainingReceiver() {
    Mpsc.Channel<String> ch = Mpsc.bounded(1);
    Sender.Permit<String> permit = MockTask.of(ch.sender().reserve()).assertReady();
    ch.receiver().close();
    MockTask<Optional<String>> recv = MockTask.of(ch.receiver().recv());
    recv.assertPending();
    permit.send("dropped"); // the receiver is closed: the value is dropped, the room comes back
    assertTrue(recv.isWoken());
    assertEquals(Optional.empty(), recv.assertReady());
  }

  @Test
  void aReleasedPermitHandsItsRoomToTheNextWaitingSender() {
    Mpsc.Channel<String> ch = Mpsc.bounded(1);
    Sender.Permit<String> permit = MockTask.of(ch.sender().reserve()).assertReady();
    MockTask<Void> send = MockTask.of(ch.sender().send("b"));
    send.assertPending();
    permit.release();
    assertTrue(send.isWoken());
    send.assertReady();
    assertEquals(Optional.of("b"), ch.receiver().tryRecv());
  }
}
