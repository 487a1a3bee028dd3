package dev.weft.sync;

/**
 * The storage of an mpsc channel: many producers, one consumer, never full (the channel's
 * {@link Sem} admits at most as many values as the storage holds).
 *
 * <p>{@link #offer} publishes the value with a volatile write, and {@link #poll} reads it with a
 * volatile read, so a producer that offers and then wakes the consumer, and a consumer that
 * registers its waker and then polls, cannot miss each other ({@link AtomicWaker} rule 1).
 *
 * @param <T> the type of the values
 */
interface ChanQueue<T> {
  /** Adds {@code value} (never null). Any thread. */
  void offer(T value);

  /** Takes the oldest value, or null if none is fully published yet. The consumer only. */
  T poll();

  /** The array ring when {@code capacity} is small enough to allocate up front, else a linked queue. */
  static <T> ChanQueue<T> forCapacity(int capacity) {
    return capacity <= ArrayQueue.MAX_CAPACITY ? new ArrayQueue<>(capacity) : new LinkedQueue<>();
  }
}
