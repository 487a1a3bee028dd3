package dev.weft.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded many-producer, single-consumer linked queue (Dmitry Vyukov's intrusive MPSC
 * queue, with one small node per value): the unbounded channel's storage, and a bounded
 * channel's when its capacity is too large for an up-front ring.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>A producer swaps itself in as the tail with one atomic exchange, then links the previous
 *       tail to its node with a volatile write (the publication).
 *   <li>The consumer owns {@code head}, a stub whose {@code next} is the oldest value. Between a
 *       producer's exchange and its link, the values behind it are invisible: poll reports
 *       nothing, and the producer wakes the consumer once it linked. {@code tail != head} tells
 *       "being linked" from "empty".
 * </ol>
 */
final class LinkedQueue<T> implements ChanQueue<T> {
  private static final VarHandle TAIL;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      TAIL = l.findVarHandle(LinkedQueue.class, "tail", Node.class);
      NEXT = l.findVarHandle(Node.class, "next", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final class Node {
    Object value;
    volatile Node next;

    Node(Object value) {
      this.value = value;
    }
  }

  private Node head;          // the consumer's stub
  private volatile Node tail; // the newest node

  LinkedQueue() {
    Node stub = new Node(null);
    head = stub;
    tail = stub;
  }

  @Override
  public void offer(T value) {
    Node n = new Node(value);
    Node prev = (Node) TAIL.getAndSet(this, n);
    NEXT.setVolatile(prev, n);
  }

  @Override
  public T poll() {
    Node next = head.next;
    return next == null ? null : take(next);
  }

  @Override
  public T pollOrAwaitWriter() {
    Node h = head;
    Node next;
    for (int round = 0; (next = h.next) == null; round++) {
      if (tail == h) {
        return null; // nobody swapped in after the stub: truly empty
      }
      ChanQueue.backOff(round); // a producer swapped in and is about to link
    }
    return take(next);
  }

  @SuppressWarnings("unchecked")
  private T take(Node next) {
    T v = (T) next.value;
    next.value = null;
    head = next;
    return v;
  }
}
