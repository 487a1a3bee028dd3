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

  /**
   * Like {@link #poll}, but if a producer has already claimed the oldest place and is still
   * writing it, waits (spinning) for that write instead of reporting nothing. The write is a few
   * instructions with no lock and cannot be abandoned, so the wait is short; it makes
   * {@code tryRecv} linearizable (a value whose send returned is never missed because an older
   * send is still mid-write), as tokio's {@code try_recv} waits for a busy sender. The consumer
   * only.
   */
  T pollOrAwaitWriter();

  /** Spins politely: a few spin hints, then yields the thread. */
  static void backOff(int round) {
    if (round < 64) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  /** The array ring when {@code capacity} is small enough to allocate up front, else a linked queue. */
  static <T> ChanQueue<T> forCapacity(int capacity) {
    return capacity <= ArrayQueue.MAX_CAPACITY ? new ArrayQueue<>(capacity) : new LinkedQueue<>();
  }
}
