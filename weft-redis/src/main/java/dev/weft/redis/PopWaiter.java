package dev.weft.redis;

import dev.weft.future.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client blocked in BLPOP or BRPOP, queued on each of its keys in the shard that owns the
 * key. The first push to any of them serves it, in arrival order per key.
 *
 * <p>One waiter sits in several queues (one per key, possibly in several shards), so it is
 * claimed by a compare-and-set of {@link #state}: the push that wins the claim pops the value
 * and hands it over; a timeout or a closing connection that wins it leaves the lists alone.
 * Queues drop claimed waiters lazily when they next look at them, and the connection removes its
 * waiter from every queue when it stops waiting.
 */
final class PopWaiter {
  static final int WAITING = 0;
  static final int SERVED = 1;
  static final int GAVE_UP = 2;

  final byte[][] keys;
  final boolean left;
  private final AtomicInteger state = new AtomicInteger(WAITING);
  private volatile Waker waker;
  private byte[] servedKey;   // written before the SERVED state is published
  private byte[] servedValue;

  PopWaiter(byte[][] keys, boolean left) {
    this.keys = keys;
    this.left = left;
  }

  void setWaker(Waker w) {
    this.waker = w;
  }

  boolean waiting() {
    return state.get() == WAITING;
  }

  /** The push side: claims the waiter; the caller then pops and calls {@link #serve}. */
  boolean claim() {
    return state.compareAndSet(WAITING, -1);
  }

  void serve(byte[] key, byte[] value) {
    servedKey = key;
    servedValue = value;
    state.set(SERVED);
    Waker w = waker;
    if (w != null) {
      w.wake();
    }
  }

  /** The connection side: stops waiting unless a push already claimed the waiter. */
  boolean giveUp() {
    return state.compareAndSet(WAITING, GAVE_UP);
  }

  /** SERVED, WAITING, GAVE_UP, or -1 while a push is handing over a value. */
  int state() {
    return state.get();
  }

  byte[] servedKey() {
    return servedKey;
  }

  byte[] servedValue() {
    return servedValue;
  }
}
