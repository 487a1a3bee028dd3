package dev.weft.sync;

import dev.weft.future.Future;
import java.util.Optional;

/**
 * An async mutual-exclusion lock around a value (tokio's {@code Mutex}): {@link #lock()} waits
 * without a thread, and the {@link Guard} may be held across {@code await()}, which a
 * {@code synchronized} block or a {@link java.util.concurrent.locks.ReentrantLock} must not be:
 * those belong to the thread, which runs other tasks while the block is suspended, and those
 * tasks would re-enter the lock on that thread or block a thread waiting for it; an await that
 * would suspend inside {@code synchronized} throws, see {@code Async}).
 *
 * <p><b>Fair.</b> Waiting {@code lock()} calls are served in FIFO order, and {@link #tryLock()}
 * fails rather than overtake a queued waiter. Not reentrant.
 *
 * <pre>{@code
 * Mutex<List<String>> log = new Mutex<>(new ArrayList<>());
 * try (Mutex.Guard<List<String>> g = log.lock().await()) {
 *   g.get().add(fetchLine().await());   // the lock is held across the await
 * }
 * }</pre>
 *
 * <p>Use a {@code Mutex} when the lock is held across an await; for short critical sections
 * that never await, a plain {@code java.util.concurrent} lock is cheaper.
 *
 * @param <T> the type of the guarded value
 */
public final class Mutex<T> {
  private final Sem sem = new Sem(1);
  T value; // guarded by sem; the semaphore's CAS and lock order the accesses

  /**
   * A mutex guarding {@code value} (which may be null).
   *
   * @param value the value the mutex guards
   */
  public Mutex(T value) {
    this.value = value;
  }

  /**
   * A future of the lock, waiting in FIFO order. A new future on each call; each poll consumes
   * a unit of the cooperative budget.
   *
   * <p><b>Cancel safety.</b> A cancelled lock holds nothing: it leaves the queue in O(1), and if
   * the lock had already been handed to it, the lock passes to the next waiter.
   *
   * @return a new future of the lock's guard
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Future<Guard<T>> lock() {
    return (Future) new LockGuard<>(sem, 1, this, true);
  }

  /**
   * The lock if it is free now and nobody waits for it; else empty.
   *
   * @return the guard, or empty
   */
  public Optional<Guard<T>> tryLock() {
    return sem.tryAcquire(1) == Sem.ACQUIRED
        ? Optional.of(new LockGuard<>(sem, 1, this, true).acquired()) : Optional.empty();
  }

  @Override
  public String toString() {
    return "Mutex[" + (sem.available() == 1 ? "unlocked" : "locked") + "]";
  }

  /**
   * The lock, held until {@link #close()}: reads and writes the guarded value meanwhile.
   *
   * @param <T> the type of the guarded value
   */
  public interface Guard<T> extends AutoCloseable {
    /**
     * The guarded value.
     *
     * @return the value
     * @throws IllegalStateException after {@link #close()}
     */
    T get();

    /**
     * Replaces the guarded value.
     *
     * @param value the new value (may be null)
     * @throws IllegalStateException after {@link #close()}
     */
    void set(T value);

    /** Unlocks; the next waiter gets the lock. A second close does nothing. */
    @Override
    void close();
  }
}
