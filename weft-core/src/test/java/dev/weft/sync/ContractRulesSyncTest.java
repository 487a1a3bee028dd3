package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockStream;
import dev.weft.test.MockTask;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rules of dev.weft.sync's Javadoc that no other test checked (audit). */
class ContractRulesSyncTest {

  private static void assertPolledAgainThrows(String what, MockTask<?> completed) {
    assertInstanceOf(IllegalStateException.class, completed.assertFails(), what);
  }

  private static <T> MockTask<T> ready(Future<T> f) {
    MockTask<T> t = MockTask.of(f);
    t.assertReady();
    return t;
  }

  /**
   * The rule: every future the library returns "throws IllegalStateException when polled
   * after it completed" — send, reserve, Broadcast recv, Watch changed, lock, read, write,
   * arriveAndWait, getOrInit, cancelled.
   */
  @Test
  void syncFuturesThrowWhenPolledAfterTheyCompleted() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(4);
    assertPolledAgainThrows("send", ready(ch.sender().send(1)));
    MockTask<Sender.Permit<Integer>> reserve = MockTask.of(ch.sender().reserve());
    reserve.assertReady().release();
    assertPolledAgainThrows("reserve", reserve);

    Broadcast.Sender<Integer> btx = Broadcast.channel(2);
    Broadcast.Receiver<Integer> brx = btx.subscribe();
    btx.send(1);
    assertPolledAgainThrows("broadcast recv", ready(brx.recv()));

    Watch.Sender<Integer> wtx = Watch.channel(0);
    Watch.Receiver<Integer> wrx = wtx.subscribe();
    wtx.send(1);
    assertPolledAgainThrows("watch changed", ready(wrx.changed()));

    Mutex<Integer> m = new Mutex<>(0);
    MockTask<Mutex.Guard<Integer>> lock = MockTask.of(m.lock());
    lock.assertReady().close();
    assertPolledAgainThrows("lock", lock);

    RwLock<Integer> l = new RwLock<>(0);
    MockTask<RwLock.ReadGuard<Integer>> read = MockTask.of(l.read());
    read.assertReady().close();
    assertPolledAgainThrows("read", read);
    MockTask<Mutex.Guard<Integer>> write = MockTask.of(l.write());
    write.assertReady().close();
    assertPolledAgainThrows("write", write);

    assertPolledAgainThrows("arriveAndWait", ready(new Barrier(1).arriveAndWait()));
    assertPolledAgainThrows("getOrInit",
        ready(new OnceCell<Integer>().getOrInit(() -> Futures.ready(1))));
    CancellationToken token = new CancellationToken();
    token.cancel();
    assertPolledAgainThrows("cancelled", ready(token.cancelled()));
  }

  /** "Completed means returned ready or threw" — sync futures that failed. */
  @Test
  void syncFuturesThatFailedThrowIllegalStateWhenPolledAgain() {
    Oneshot.Channel<Integer> one = Oneshot.channel();
    one.sender().close();
    MockTask<Integer> rx = MockTask.of(one.receiver());
    assertInstanceOf(ChannelClosedException.class, rx.assertFails());
    assertPolledAgainThrows("oneshot receiver after ChannelClosedException", rx);

    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    ch.receiver().close();
    MockTask<Void> send = MockTask.of(ch.sender().send(1));
    assertInstanceOf(ChannelClosedException.class, send.assertFails());
    assertPolledAgainThrows("send after ChannelClosedException", send);

    Watch.Sender<Integer> wtx = Watch.channel(0);
    Watch.Receiver<Integer> wrx = wtx.subscribe();
    wtx.close();
    MockTask<Void> changed = MockTask.of(wrx.changed());
    assertInstanceOf(ChannelClosedException.class, changed.assertFails());
    assertPolledAgainThrows("changed after ChannelClosedException", changed);

    Broadcast.Sender<Integer> btx = Broadcast.channel(1);
    Broadcast.Receiver<Integer> brx = btx.subscribe();
    btx.send(1);
    btx.send(2);
    MockTask<Optional<Integer>> lagged = MockTask.of(brx.recv());
    assertInstanceOf(LaggedException.class, lagged.assertFails());
    assertPolledAgainThrows("recv after LaggedException", lagged);
  }

  /**
   * The constructors "ChannelClosedException() and ChannelClosedException(String), ...
   * LaggedException(long skipped)".
   */
  @Test
  void exceptionConstructorsKeepWhatTheyAreGiven() {
    assertEquals("why", new ChannelClosedException("why").getMessage());
    new ChannelClosedException().getMessage(); // no failure for the no-argument form
    assertEquals(7L, new LaggedException(7).skipped());
    assertInstanceOf(RuntimeException.class, new LaggedException(1));
  }

  /**
   * Mpsc: "tryRecv(): ... ChannelClosedException when closed and drained" — also when the
   * receiver closed itself while senders are still open.
   */
  @Test
  void tryRecvAfterTheReceiversOwnCloseDrainsThenThrowsChannelClosed() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    ch.sender().trySend(1);
    ch.receiver().close();
    assertEquals(Optional.of(1), ch.receiver().tryRecv());
    assertThrows(ChannelClosedException.class, ch.receiver()::tryRecv);
    assertTrue(ch.sender().isClosed(), "isClosed: the receiver is closed");
  }

  /**
   * The rule: "cancel() of any receiver or stream view is close()" — cancelling a
   * combinator over a receiver closes the channel for the senders.
   */
  @Test
  void cancellingAStreamViewOfAReceiverClosesIt() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    var view = ch.receiver().map(x -> x * 2).filter(x -> x > 0);
    view.cancel();
    assertTrue(ch.sender().isClosed());
    assertThrows(ChannelClosedException.class, () -> ch.sender().trySend(1));

    Broadcast.Sender<Integer> tx = Broadcast.channel(2);
    Broadcast.Receiver<Integer> rx = tx.subscribe();
    rx.map(x -> x).cancel();
    assertEquals(0, tx.send(1), "a cancelled stream view still counted as a receiver");
  }

  /**
   * The rule: "a receiver after its own close() still drains what is buffered, then gives
   * empty" — through the stream view too.
   */
  @Test
  void aClosedReceiverDrainsThroughItsStreamViewThenEnds() {
    Mpsc.Channel<Integer> ch = Mpsc.unbounded();
    ch.sender().trySend(1);
    ch.sender().trySend(2);
    ch.receiver().close();
    MockStream<Integer> s = MockStream.of(ch.receiver());
    assertEquals(1, s.assertNext());
    assertEquals(2, s.assertNext());
    s.assertEnd();
  }

  /**
   * The rule: "a sender handle used after its own close() throws IllegalStateException at
   * the call" — even when the receiver is closed too (the handle's state is checked first), and
   * the original handle after a clone.
   */
  @Test
  void aClosedSenderHandleThrowsIllegalStateEvenWhenTheReceiverIsClosed() {
    Mpsc.Channel<Integer> ch = Mpsc.unbounded();
    Sender<Integer> keep = ch.sender().clone();
    ch.sender().close();
    assertThrows(IllegalStateException.class, () -> ch.sender().send(1));
    assertThrows(IllegalStateException.class, () -> ch.sender().trySend(1));
    assertThrows(IllegalStateException.class, () -> ch.sender().reserve());
    assertThrows(IllegalStateException.class, () -> ch.sender().clone());
    assertTrue(keep.trySend(5));
    ch.receiver().close();
    assertThrows(IllegalStateException.class, () -> ch.sender().trySend(1));
    assertThrows(ChannelClosedException.class, () -> keep.trySend(1));
  }

  /**
   * Oneshot: "a second send: IllegalStateException" — also after a first send that returned
   * false.
   */
  @Test
  void aSecondOneshotSendThrowsEvenIfTheFirstFoundTheReceiverClosed() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.receiver().close();
    assertFalse(ch.sender().send(1));
    assertThrows(IllegalStateException.class, () -> ch.sender().send(2));
  }

  /**
   * Oneshot: "the receiver fails with ChannelClosedException if the sender closed without
   * sending" — also when the sender closed before the receiver's first poll.
   */
  @Test
  void aOneshotWhoseSenderClosedBeforeTheFirstPollFailsAtOnce() {
    Oneshot.Channel<Integer> ch = Oneshot.channel();
    ch.sender().close();
    ch.sender().close(); // idempotent
    assertInstanceOf(ChannelClosedException.class, MockTask.of(ch.receiver()).assertFails());
  }

  /**
   * Watch: "changed() completes when a value not yet seen exists (and marks it seen)" — seen is
   * kept per receiver; "The value current at subscribe() counts as seen".
   */
  @Test
  void watchSeenStateIsPerReceiver() {
    Watch.Sender<Integer> tx = Watch.channel(0);
    Watch.Receiver<Integer> a = tx.subscribe();
    Watch.Receiver<Integer> b = tx.subscribe();
    tx.send(1);
    Watch.Receiver<Integer> late = tx.subscribe();
    MockTask.of(a.changed()).assertReady();
    MockTask.of(a.changed()).assertPending();
    MockTask.of(b.changed()).assertReady();
    MockTask.of(late.changed()).assertPending();
    assertEquals(1, late.borrow());
  }

  /**
   * Watch: "once the sender is closed and everything was seen, changed() fails with
   * ChannelClosedException" — an unseen value is still reported first, even if borrowed.
   */
  @Test
  void watchChangedAfterCloseReportsABorrowedUnseenValueFirst() {
    Watch.Sender<Integer> tx = Watch.channel(0);
    Watch.Receiver<Integer> rx = tx.subscribe();
    tx.send(1);
    tx.close();
    assertEquals(1, rx.borrow());
    MockTask.of(rx.changed()).assertReady();
    assertInstanceOf(ChannelClosedException.class, MockTask.of(rx.changed()).assertFails());
    assertInstanceOf(ChannelClosedException.class, MockTask.of(rx.changed()).assertFails());
  }

  /**
   * Broadcast: "one that falls more than capacity behind gets LaggedException (skipped() =
   * values missed) once from recv(), then continues from the oldest kept value" — receivers lag
   * independently.
   */
  @Test
  void broadcastLagIsPerReceiverAndReportedOnce() {
    Broadcast.Sender<Integer> tx = Broadcast.channel(2);
    Broadcast.Receiver<Integer> slow = tx.subscribe();
    Broadcast.Receiver<Integer> fast = tx.subscribe();
    for (int i = 1; i <= 4; i++) {
      assertEquals(2, tx.send(i));
      assertEquals(Optional.of(i), MockTask.of(fast.recv()).assertReady());
    }
    LaggedException lag =
        assertInstanceOf(LaggedException.class, MockTask.of(slow.recv()).assertFails());
    assertEquals(2, lag.skipped());
    assertEquals(Optional.of(3), MockTask.of(slow.recv()).assertReady());
    assertEquals(Optional.of(4), MockTask.of(slow.recv()).assertReady());
    MockTask.of(slow.recv()).assertPending();
    tx.close();
    assertEquals(Optional.empty(), MockTask.of(slow.recv()).assertReady());
    assertEquals(Optional.empty(), MockTask.of(fast.recv()).assertReady());
  }

  /** Notify: "notifyOne(): wakes one waiter, or stores one permit" — not both. */
  @Test
  void notifyOneThatWokeAWaiterStoresNoPermit() {
    Notify n = new Notify();
    MockTask<Void> a = MockTask.of(n.notified());
    a.assertPending();
    n.notifyOne();
    a.assertReady();
    MockTask.of(n.notified()).assertPending();
  }

  /** RwLock: "FIFO" — tryWrite does not overtake a reader queued behind a writer. */
  @Test
  void tryWriteDoesNotOvertakeAQueuedReader() {
    RwLock<Integer> l = new RwLock<>(0);
    Mutex.Guard<Integer> w = l.tryWrite().orElseThrow();
    MockTask<RwLock.ReadGuard<Integer>> reader = MockTask.of(l.read());
    reader.assertPending();
    w.close();
    assertTrue(l.tryWrite().isEmpty(), "tryWrite overtook the queued reader");
    assertTrue(reader.isWoken());
    reader.assertReady().close();
    assertTrue(l.tryWrite().isPresent());
  }

  /**
   * Semaphore: "after close(), acquire and tryAcquire throw
   * IllegalStateException" — acquire(n) too; a bad n is still an IllegalArgumentException.
   */
  @Test
  void aClosedSemaphoreRejectsAcquireOfNAtTheCall() {
    Semaphore s = new Semaphore(3);
    s.close();
    assertThrows(IllegalStateException.class, () -> s.acquire(2));
    assertThrows(IllegalArgumentException.class, () -> new Semaphore(1).acquire(-1));
  }

  /**
   * Semaphore: "free permits go to the head waiter first (so
   * availablePermits() can read 0 while a large acquire waits)" — permits given back by a
   * Permit go to the head waiter too.
   */
  @Test
  void permitsGivenBackGoToTheHeadWaiterFirst() {
    Semaphore s = new Semaphore(2);
    Semaphore.Permit held = s.tryAcquire().orElseThrow();
    MockTask<Semaphore.Permit> big = MockTask.of(s.acquire(3));
    big.assertPending();
    assertEquals(0, s.availablePermits());
    held.close();
    assertEquals(0, s.availablePermits(), "the returned permit did not go to the head waiter");
    assertTrue(s.tryAcquire().isEmpty());
    s.addPermits(1);
    assertTrue(big.isWoken());
    big.assertReady().close();
    assertEquals(3, s.availablePermits());
  }

  /**
   * OnceCell: "cancelling getOrInit cancels the init it owns; after a failed or
   * cancelled init, the next waiting caller runs its own" — a caller that came after the
   * failure runs its own init too, and the cell stays unset until one succeeds.
   */
  @Test
  void onceCellAfterAFailedInitTheNextCallerInitialisesAndSetStillWorksBefore() {
    OnceCell<Integer> c = new OnceCell<>();
    ManualFuture<Integer> init = new ManualFuture<>();
    MockTask<Integer> a = MockTask.of(c.getOrInit(() -> init));
    a.assertPending();
    IllegalStateException failure = new IllegalStateException("init failed");
    init.fail(failure);
    assertSame(failure, a.assertFails());
    assertEquals(Optional.empty(), c.get());
    assertTrue(c.set(9), "set after a failed init found the cell taken");
    assertEquals(9, MockTask.of(c.getOrInit(() -> Futures.ready(1))).assertReady());
  }

  /**
   * Barrier: "a party arrives at the first poll of arriveAndWait(); a
   * cancelled arrival un-arrives" — a future cancelled before its first poll never arrived.
   */
  @Test
  void anArrivalCancelledBeforeItsFirstPollNeverArrived() {
    Barrier b = new Barrier(2);
    Future<Boolean> never = b.arriveAndWait();
    never.cancel();
    MockTask<Boolean> p = MockTask.of(b.arriveAndWait());
    p.assertPending();
    assertTrue(MockTask.of(b.arriveAndWait()).assertReady());
    assertFalse(p.assertReady());
  }

  /** CancellationToken: "child(): cancelled with its parent" — a waiting child is woken. */
  @Test
  void aChildsCancelledFutureIsWokenByTheParent() {
    CancellationToken parent = new CancellationToken();
    CancellationToken child = parent.child();
    MockTask<Void> w = MockTask.of(child.cancelled());
    w.assertPending();
    parent.cancel();
    assertTrue(w.isWoken());
    w.assertReady();
  }

  /**
   * "Capacity: a bounded channel holds at most capacity values (tokio's rule, not futures-rs's
   * buffer + senders)" — however many sender handles there are.
   */
  @Test
  void aBoundedChannelHoldsAtMostCapacityValuesWhateverTheNumberOfSenders() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
    Sender<Integer> b = ch.sender().clone();
    Sender<Integer> c = b.clone();
    assertTrue(ch.sender().trySend(1));
    assertTrue(b.trySend(2));
    assertFalse(c.trySend(3), "a clone got a slot of its own");
    assertFalse(ch.sender().trySend(3));
    MockTask.of(c.send(3)).assertPending();
  }

  /**
   * Sender: "isClosed(): the receiver is closed (tokio's is_closed)" — a question about the
   * receiver, which a handle closed on its own side may still ask (it is not in the list of
   * calls that throw after close).
   */
  @Test
  void isClosedReportsTheReceiverEvenOnAClosedHandle() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    Sender<Integer> other = ch.sender().clone();
    ch.sender().close();
    assertFalse(ch.sender().isClosed(), "the receiver is still open");
    ch.receiver().close();
    assertTrue(ch.sender().isClosed());
    assertTrue(other.isClosed());
  }

  /**
   * Cancel safety: "a cancelled lock()/acquire()/reserve() holds nothing" — for RwLock's read()
   * and write() that had been granted the lock but had not returned it yet, the lock passes on.
   */
  @Test
  void aGrantedButCancelledReadOrWriteReleasesTheLock() {
    RwLock<Integer> l = new RwLock<>(0);
    Mutex.Guard<Integer> w = l.tryWrite().orElseThrow();
    MockTask<RwLock.ReadGuard<Integer>> reader = MockTask.of(l.read());
    reader.assertPending();
    w.close(); // the read lock is handed to the reader
    reader.cancel();
    assertTrue(l.tryWrite().isPresent(), "a cancelled reader kept its read lock");

    RwLock<Integer> l2 = new RwLock<>(0);
    RwLock.ReadGuard<Integer> r = l2.tryRead().orElseThrow();
    MockTask<Mutex.Guard<Integer>> writer = MockTask.of(l2.write());
    writer.assertPending();
    r.close(); // the write lock is handed to the writer
    writer.cancel();
    assertTrue(l2.tryRead().isPresent(), "a cancelled writer kept its write lock");
  }

  /**
   * "Future.cancel() ... is idempotent" and cancel safety: cancelling a future that already
   * completed takes nothing back from the caller who received its value (a guard, a permit).
   */
  @Test
  void cancellingACompletedFutureTakesNothingBack() {
    Mutex<Integer> m = new Mutex<>(0);
    Future<Mutex.Guard<Integer>> lock = m.lock();
    Mutex.Guard<Integer> g = MockTask.of(lock).assertReady();
    lock.cancel();
    assertTrue(m.tryLock().isEmpty(), "cancelling a completed lock() released the guard");
    g.close();

    Semaphore s = new Semaphore(1);
    Future<Semaphore.Permit> acquire = s.acquire();
    Semaphore.Permit p = MockTask.of(acquire).assertReady();
    acquire.cancel();
    assertEquals(0, s.availablePermits(), "cancelling a completed acquire() gave the permit back");
    p.close();
    assertEquals(1, s.availablePermits());

    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    Future<Sender.Permit<Integer>> reserve = ch.sender().reserve();
    Sender.Permit<Integer> permit = MockTask.of(reserve).assertReady();
    reserve.cancel();
    assertFalse(ch.sender().trySend(1), "cancelling a completed reserve() gave the room back");
    permit.send(2);
    assertEquals(Optional.of(2), ch.receiver().tryRecv());

    Notify n = new Notify();
    n.notifyOne();
    Future<Void> notified = n.notified();
    MockTask.of(notified).assertReady();
    notified.cancel();
    MockTask.of(n.notified()).assertPending();

    Barrier b = new Barrier(2);
    MockTask<Boolean> first = MockTask.of(b.arriveAndWait());
    first.assertPending();
    assertTrue(MockTask.of(b.arriveAndWait()).assertReady());
    first.assertReady();
    first.cancel();
    MockTask<Boolean> next = MockTask.of(b.arriveAndWait());
    next.assertPending();
    assertTrue(MockTask.of(b.arriveAndWait()).assertReady(), "a completed arrival un-arrived");
  }
}
