package dev.weft.sync;

import dev.weft.future.Future;
import java.util.Optional;

/**
 * An async reader-writer lock around a value (tokio's {@code RwLock}): many readers or one
 * writer, and guards that may be held across {@code await()}.
 *
 * <p><b>Fair.</b> Waiters are served in FIFO order: a queued writer is not starved by readers
 * that come after it (they queue behind it), and {@link #tryRead()} / {@link #tryWrite()} fail
 * rather than overtake a queued waiter. Inside, it is a FIFO semaphore of
 * {@value #MAX_READERS} permits: a reader takes one, a writer all of them.
 *
 * @param <T> the type of the guarded value
 */
public final class RwLock<T> {
  /** Readers that may hold the lock at once. */
  public static final int MAX_READERS = 1 << 29;

  private final Sem sem = new Sem(MAX_READERS);
  private final Mutex<T> cell; // holds the value; its own lock is never used

  /**
   * A lock guarding {@code value} (which may be null).
   *
   * @param value the value the lock guards
   */
  public RwLock(T value) {
    this.cell = new Mutex<>(value);
  }

  /**
   * A future of the write lock (exclusive), waiting in FIFO order; a new future on each call.
   *
   * <p><b>Cancel safety.</b> A cancelled write holds nothing: it leaves the queue in O(1), and
   * what it had been given passes to the next waiters.
   *
   * @return a new future of the write guard
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Future<Mutex.Guard<T>> write() {
    return (Future) new LockGuard<>(sem, MAX_READERS, cell, true);
  }

  /**
   * A future of a read lock (shared), waiting in FIFO order; a new future on each call.
   *
   * <p><b>Cancel safety.</b> A cancelled read holds nothing: it leaves the queue in O(1), and a
   * read lock it had been given is returned.
   *
   * @return a new future of a read guard
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Future<ReadGuard<T>> read() {
    return (Future) new LockGuard<>(sem, 1, cell, false);
  }

  /**
   * The write lock if it is free now and nobody waits; else empty.
   *
   * @return the write guard, or empty
   */
  public Optional<Mutex.Guard<T>> tryWrite() {
    return sem.tryAcquire(MAX_READERS) == Sem.ACQUIRED
        ? Optional.of(new LockGuard<>(sem, MAX_READERS, cell, true).acquired()) : Optional.empty();
  }

  /**
   * A read lock if no writer holds or waits for the lock now; else empty.
   *
   * @return a read guard, or empty
   */
  public Optional<ReadGuard<T>> tryRead() {
    return sem.tryAcquire(1) == Sem.ACQUIRED
        ? Optional.of(new LockGuard<>(sem, 1, cell, false).acquired()) : Optional.empty();
  }

  @Override
  public String toString() {
    int free = sem.available();
    return "RwLock[" + (free == MAX_READERS ? "unlocked" : free == 0 ? "locked" : "read by " + (MAX_READERS - free)) + "]";
  }

  /**
   * A read lock, held until {@link #close()}.
   *
   * @param <T> the type of the guarded value
   */
  public interface ReadGuard<T> extends AutoCloseable {
    /**
     * The guarded value.
     *
     * @return the value
     * @throws IllegalStateException after {@link #close()}
     */
    T get();

    /** Gives the read lock back. A second close does nothing. */
    @Override
    void close();
  }
}
