package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Cleaners;
import dev.weft.internal.Coop;
import dev.weft.internal.Failures;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared state of a {@link Broadcast} channel.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>A ring of {@code capacity} slots; the value of position {@code p} lives in slot
 *       {@code p % capacity} until position {@code p + capacity} overwrites it. {@code tail} is
 *       the next position to write. Everything is guarded by one lock (the sender writes, many
 *       receivers read; broadcast is not a hot path for one consumer).
 *   <li>Each receiver keeps {@code next}, the position it reads next. If {@code next < tail -
 *       capacity} its value is gone: the receiver reports a lag of {@code tail - capacity -
 *       next} once and jumps to {@code tail - capacity}, the oldest kept value.
 *   <li>A receiver with nothing to read queues its recv future (the node) under the lock; a send
 *       or close takes all queued futures off the list, with their wakers, and wakes them after
 *       the unlock (the nodes may be queued again at once: {@link WaitList#drainWakers}).
 *   <li>A closed receiver stops at {@code end}, the tail when it closed; after the sender closed,
 *       every receiver stops at the final tail.
 * </ol>
 */
final class BroadcastChan<T> {
  final ReentrantLock lock = new ReentrantLock();
  private final Object[] ring;                             // guarded by lock
  private long tail;                                       // guarded by lock
  private int receivers;                                   // guarded by lock
  private boolean closed;                                  // guarded by lock
  private final WaitList<WaitNode> waiting = new WaitList<>(); // recv futures; guarded by lock

  BroadcastChan(int capacity) {
    ring = new Object[capacity];
  }

  int send(T v) {
    Waker[] wake;
    int n;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the Broadcast sender was closed");
      }
      n = receivers;
      if (n == 0) {
        return 0; // nobody will see it: dropped
      }
      ring[(int) (tail % ring.length)] = v;
      tail++;
      wake = waiting.drainWakers();
    } finally {
      lock.unlock();
    }
    WaitList.wakeAll(wake);
    return n;
  }

  void close() {
    Waker[] wake;
    lock.lock();
    try {
      closed = true;
      wake = waiting.drainWakers();
    } finally {
      lock.unlock();
    }
    WaitList.wakeAll(wake);
  }

  /** A receiver's poll: the next value, empty at the end, a lag (thrown), or pending. */
  @SuppressWarnings("unchecked")
  Poll<Optional<T>> poll(Rx<T> rx, RecvFuture<T> node, Context cx) {
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    WaitNode self = node != null ? node : rx.streamWaiter; // the node to queue
    lock.lock();
    try {
      long limit = rx.closed ? rx.end : tail;
      if (rx.next < limit) {
        waiting.remove(self);
        long oldest = tail - ring.length;
        if (rx.next < oldest) {
          long skipped = oldest - rx.next;
          rx.next = oldest;
          throw new LaggedException(skipped);
        }
        T v = (T) ring[(int) (rx.next % ring.length)];
        rx.next++;
        return Poll.ready(Optional.of(v));
      }
      if (rx.closed || closed) {
        waiting.remove(self);
        return Poll.ready(Optional.empty());
      }
      self.waker = cx.waker();
      if (!self.linked) {
        waiting.addLast(self);
      }
    } finally {
      lock.unlock();
    }
    Coop.refund();
    return Poll.pending();
  }

  void unlink(WaitNode node) {
    lock.lock();
    try {
      waiting.remove(node);
    } finally {
      lock.unlock();
    }
  }

  /** The sender handle. */
  static final class Tx<T> implements Broadcast.Sender<T> {
    private final BroadcastChan<T> chan;
    private final Cleaner.Cleanable cleanable;

    Tx(BroadcastChan<T> chan) {
      this.chan = chan;
      this.cleanable = Cleaners.CLEANER.register(this, new Drop(chan));
    }

    /** The cleaning action: must not reference the handle. */
    private record Drop(BroadcastChan<?> chan) implements Runnable {
      @Override
      public void run() {
        chan.close();
      }
    }

    @Override
    public int send(T v) {
      Objects.requireNonNull(v, "v");
      return chan.send(v);
    }

    @Override
    public Broadcast.Receiver<T> subscribe() {
      BroadcastChan<T> c = chan;
      c.lock.lock();
      try {
        Rx<T> rx = new Rx<>(c, c.tail);
        if (c.closed) {
          rx.closed = true;
          rx.end = c.tail;
        } else {
          c.receivers++;
          rx.countedUntilDropped();
        }
        return rx;
      } finally {
        c.lock.unlock();
      }
    }

    @Override
    public void close() {
      cleanable.clean();
    }
  }

  /**
   * A receiver's place in {@link #receivers}, given back exactly once: at {@link Rx#close()} or,
   * for a receiver that became unreachable unclosed, by the cleaner (so {@code send} stops
   * counting it). It must not reference the receiver.
   */
  private static final class Membership implements Runnable {
    private final BroadcastChan<?> chan;
    private boolean left; // guarded by chan.lock

    Membership(BroadcastChan<?> chan) {
      this.chan = chan;
    }

    /** Gives the place back if it is still held; the caller holds {@code chan.lock}. */
    void leaveLocked() {
      if (!left) {
        left = true;
        if (!chan.closed) {
          chan.receivers--;
        }
      }
    }

    @Override
    public void run() {
      chan.lock.lock();
      try {
        leaveLocked();
      } finally {
        chan.lock.unlock();
      }
    }
  }

  /** A receiver handle; its stream view is itself. */
  static final class Rx<T> implements Broadcast.Receiver<T> {
    private final BroadcastChan<T> chan;
    long next;        // guarded by chan.lock
    boolean closed;   // guarded by chan.lock
    long end;         // guarded by chan.lock: the tail when this receiver closed
    final RecvFuture<T> streamWaiter; // the node pollNext queues
    private Membership membership;         // set once at subscribe, under chan.lock
    private Cleaner.Cleanable cleanable;   // likewise

    /** This receiver counts in {@code receivers} until closed or dropped; under chan.lock. */
    void countedUntilDropped() {
      membership = new Membership(chan);
      cleanable = Cleaners.CLEANER.register(this, membership);
    }

    Rx(BroadcastChan<T> chan, long next) {
      this.chan = chan;
      this.next = next;
      this.streamWaiter = new RecvFuture<>(this);
    }

    @Override
    public Future<Optional<T>> recv() {
      return new RecvFuture<>(this);
    }

    @Override
    public Poll<Optional<T>> pollNext(Context cx) {
      return chan.poll(this, null, cx);
    }

    @Override
    public void close() {
      WaitNode wake = null;
      chan.lock.lock();
      try {
        if (!closed) {
          closed = true;
          end = chan.tail;
          if (membership != null) {
            membership.leaveLocked();
          }
          // This receiver's waiting recvs (and its stream view) are woken: each then drains
          // what was sent before the close and gives empty, instead of waiting for ever.
          WaitNode x = chan.waiting.peek();
          while (x != null) {
            WaitNode n = x.next;
            if (((RecvFuture<?>) x).rx == this) {
              chan.waiting.remove(x);
              wake = WaitList.chain(wake, x);
            }
            x = n;
          }
        }
      } finally {
        chan.lock.unlock();
      }
      WaitNode.wakeChain(wake);
      if (cleanable != null) {
        cleanable.clean(); // deregisters; the place was already given back
      }
    }

    @Override
    public void cancel() {
      close();
    }
  }

  /** {@link Broadcast.Receiver#recv()}: its own waiter node. */
  static final class RecvFuture<T> extends WaitNode implements Future<Optional<T>> {
    private final Rx<T> rx;
    private boolean done;

    RecvFuture(Rx<T> rx) {
      this.rx = rx;
    }

    @Override
    public String describe() {
      return "recv(broadcast)";
    }

    @Override
    public Poll<Optional<T>> poll(Context cx) {
      if (done) {
        throw Failures.polledAfterCompletion(this);
      }
      Poll<Optional<T>> p;
      try {
        p = rx.chan.poll(rx, this, cx);
      } catch (Throwable t) {
        done = true;
        throw t;
      }
      if (p.isReady()) {
        done = true; // the poll took this node off the list
      }
      return p;
    }

    @Override
    public void cancel() {
      if (!done) {
        done = true;
        rx.chan.unlink(this);
      }
    }
  }
}
