package dev.weft.sync;

import dev.weft.future.Waker;
import dev.weft.internal.Failures;

/**
 * An intrusive FIFO list of {@link WaitNode}s: add at the tail, take from the head, remove any
 * node in O(1).
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Every method is called with the owner's lock held; the list has no lock of its own.
 *   <li>A node is on at most one list; {@link WaitNode#linked} says whether it is on it now, so a
 *       cancelled future can tell whether it must unlink itself.
 *   <li>Wakers are never called under the lock: a node taken off the list is pushed on a local
 *       chain ({@link #chain}) and the chain is woken ({@link WaitNode#wakeChain}) after the
 *       owner's lock is released. This is safe for nodes that are queued once (a lock or
 *       semaphore acquire, a notified, a barrier party): their waker and chain link are not
 *       written again once they are off the list. Nodes that may be queued again take the
 *       wakers out under the lock instead ({@link #drainWakers}).
 * </ol>
 *
 * @param <N> the node type
 */
final class WaitList<N extends WaitNode> {
  private WaitNode head;
  private WaitNode tail;

  boolean isEmpty() {
    return head == null;
  }

  @SuppressWarnings("unchecked")
  N peek() {
    return (N) head;
  }

  void addLast(N node) {
    node.linked = true;
    node.next = null;
    node.prev = tail;
    if (tail == null) {
      head = node;
    } else {
      tail.next = node;
    }
    tail = node;
  }

  /** Unlinks {@code node} if it is on the list; returns whether it was. */
  boolean remove(WaitNode node) {
    if (!node.linked) {
      return false;
    }
    WaitNode p = node.prev;
    WaitNode n = node.next;
    if (p == null) {
      head = n;
    } else {
      p.next = n;
    }
    if (n == null) {
      tail = p;
    } else {
      n.prev = p;
    }
    node.prev = null;
    node.next = null;
    node.linked = false;
    return true;
  }

  /** Removes and returns the head, or null. */
  @SuppressWarnings("unchecked")
  N poll() {
    WaitNode h = head;
    if (h != null) {
      remove(h);
    }
    return (N) h;
  }

  /** Pushes {@code node} (already off the list) on the wake chain {@code chain}; returns the new chain. */
  static WaitNode chain(WaitNode chain, WaitNode node) {
    node.wakeNext = chain;
    return node;
  }

  /**
   * Takes every node off the list and returns their wakers, to wake after the unlock with
   * {@link #wakeAll}. For nodes that may be queued again as soon as they are off the list (a
   * broadcast or watch receiver, a OnceCell waiter): a wake chain through such a node could be
   * re-linked by a second drain before the first is walked, and cut (rule 3 holds only for nodes
   * that are queued once). Allocates one array, only when someone waits.
   */
  Waker[] drainWakers() {
    int n = 0;
    for (WaitNode x = head; x != null; x = x.next) {
      n++;
    }
    if (n == 0) {
      return NO_WAKERS;
    }
    Waker[] wakers = new Waker[n];
    for (int i = 0; i < n; i++) {
      wakers[i] = poll().waker;
    }
    return wakers;
  }

  private static final Waker[] NO_WAKERS = new Waker[0];

  /** Wakes every waker of {@link #drainWakers}; call with no lock held. */
  static void wakeAll(Waker[] wakers) {
    Throwable failure = null;
    for (Waker w : wakers) {
      if (w != null) {
        try {
          w.wake();
        } catch (Throwable t) {
          failure = Failures.combine(failure, t); // wake the rest, then throw them all
        }
      }
    }
    if (failure != null) {
      throw Failures.sneakyThrow(failure);
    }
  }

  /**
   * Takes every node off the list and returns them as one wake chain. Only for nodes that are
   * queued once (rule 3); see {@link #drainWakers}.
   */
  WaitNode drainToChain() {
    WaitNode chain = null;
    WaitNode n;
    while ((n = poll()) != null) {
      chain = chain(chain, n);
    }
    return chain;
  }
}
