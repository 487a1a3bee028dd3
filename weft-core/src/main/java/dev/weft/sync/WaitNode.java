package dev.weft.sync;

import dev.weft.future.Waker;
import dev.weft.internal.Failures;

/**
 * A node of an intrusive, doubly-linked waiter list ({@link WaitList}): the future that waits is
 * the node, so queueing allocates nothing and leaving the queue (on cancel) is O(1).
 *
 * <p>Every field is guarded by the lock of the primitive that owns the list, except that
 * {@link #wakeNext} and {@link #waker} of a node taken off the list are read after that lock is
 * released, to wake it (rule 3 of {@link WaitList}).
 */
abstract class WaitNode {
  WaitNode prev;     // toward the head; guarded by the owner's lock
  WaitNode next;     // toward the tail; likewise
  boolean linked;    // on the list now; likewise
  Waker waker;       // the waker to wake; written by the waiting future under the owner's lock
  WaitNode wakeNext; // the chain of nodes to wake once the owner's lock is released

  /**
   * Wakes every node of a chain built by {@link WaitList#chain} with its waker. Call it with no
   * lock held: a waker may run arbitrary code.
   */
  static void wakeChain(WaitNode chain) {
    Throwable failure = null;
    while (chain != null) {
      WaitNode next = chain.wakeNext;
      chain.wakeNext = null;
      Waker w = chain.waker;
      if (w != null) {
        try {
          w.wake();
        } catch (Throwable t) {
          failure = Failures.combine(failure, t); // wake the rest, then throw them all
        }
      }
      chain = next;
    }
    if (failure != null) {
      throw Failures.sneakyThrow(failure);
    }
  }
}
