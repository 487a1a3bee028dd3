package dev.weft.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded many-producer, single-consumer ring of slots with per-slot sequence numbers (Dmitry
 * Vyukov's bounded queue): no allocation per value.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>The ring has a power-of-two size of at least the channel capacity. Slot {@code i} serves
 *       positions {@code i, i + size, i + 2·size, ...}; its sequence is {@code p} when it is free
 *       for position {@code p}, {@code p + 1} once the value for {@code p} is published, and
 *       {@code p + size} once the consumer took it.
 *   <li>A producer claims its position with one atomic add on {@code tail}, no retry loop: the
 *       channel's semaphore lets at most {@code capacity <= size} values be claimed and not yet
 *       consumed, and the consumer frees a slot before it returns the permit, so the slot for a
 *       claimed position is always free already (checked anyway, spinning if ever not).
 *   <li>The consumer owns {@code head}; a slot whose sequence is not {@code head + 1} is empty or
 *       still being written, and poll reports nothing: the producer wakes the consumer once the
 *       value is published. {@code tail > head} tells "being written" from "empty".
 * </ol>
 */
final class ArrayQueue<T> implements ChanQueue<T> {
  /** Larger capacities use {@link LinkedQueue}, so a huge bound does not allocate a huge ring. */
  static final int MAX_CAPACITY = 1 << 16;

  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle TAIL;

  static {
    try {
      TAIL = MethodHandles.lookup().findVarHandle(ArrayQueue.class, "tail", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] slots;
  private final long[] seqs;
  private final int mask;

  // head and tail on separate cache lines: the consumer writes one, the producers the other.
  long p01, p02, p03, p04, p05, p06, p07;
  private long head; // the consumer's next position
  long p11, p12, p13, p14, p15, p16, p17;
  private volatile long tail; // the next position to claim
  long p21, p22, p23, p24, p25, p26, p27;

  ArrayQueue(int capacity) {
    int size = capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1; // power of two >= capacity
    slots = new Object[size];
    seqs = new long[size];
    mask = size - 1;
    for (int i = 0; i < size; i++) {
      seqs[i] = i;
    }
  }

  @Override
  public void offer(T value) {
    long p = (long) TAIL.getAndAdd(this, 1L);
    int i = (int) p & mask;
    while ((long) SEQ.getAcquire(seqs, i) != p) {
      Thread.onSpinWait(); // never expected (rule 2)
    }
    slots[i] = value;
    SEQ.setVolatile(seqs, i, p + 1); // publish (volatile: see ChanQueue)
  }

  @Override
  public T poll() {
    long h = head;
    int i = (int) h & mask;
    if ((long) SEQ.getVolatile(seqs, i) != h + 1) {
      return null;
    }
    return take(h, i);
  }

  @Override
  public T pollOrAwaitWriter() {
    long h = head;
    int i = (int) h & mask;
    for (int round = 0; (long) SEQ.getVolatile(seqs, i) != h + 1; round++) {
      if (tail <= h) {
        return null; // nobody claimed position h: truly empty
      }
      ChanQueue.backOff(round); // position h is claimed and being written
    }
    return take(h, i);
  }

  @SuppressWarnings("unchecked")
  private T take(long h, int i) {
    T v = (T) slots[i];
    slots[i] = null;
    SEQ.setRelease(seqs, i, h + mask + 1);
    head = h + 1;
    return v;
  }
}
