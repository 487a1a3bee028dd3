package dev.weft.sync;

import dev.weft.future.Future;
import java.util.Optional;

/**
 * An async mutual-exclusion lock around a value (tokio's {@code Mutex}): {@link #lock()} waits
 * without a thread, and the {@link Guard} may be held across {@code await()} (which a
 * {@code synchronized} block or a {@link java.util.concurrent.locks.ReentrantLock} must not be:
 * the block may resume on another thread).
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
  private T value; // guarded by sem; the semaphore's CAS and lock order the accesses

  /** A mutex guarding {@code value} (which may be null). */
  public Mutex(T value) {
    this.value = value;
  }

  /**
   * A future of the lock, waiting in FIFO order. A new future on each call; each poll consumes
   * a unit of the cooperative budget.
   *
   * <p><b>Cancel safety.</b> A cancelled lock holds nothing: it leaves the queue in O(1), and if
   * the lock had already been handed to it, the lock passes to the next waiter.
   */
  public Future<Guard<T>> lock() {
    return new LockFuture<>(this);
  }

  /** The lock if it is free now and nobody waits for it; else empty. */
  public Optional<Guard<T>> tryLock() {
    return sem.tryAcquire(1) == Sem.ACQUIRED ? Optional.of(new Held<>(this)) : Optional.empty();
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
     * @throws IllegalStateException after {@link #close()}
     */
    T get();

    /**
     * Replaces the guarded value.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    void set(T value);

    /** Unlocks; the next waiter gets the lock. A second close does nothing. */
    @Override
    void close();
  }

  /** What a guard does; the two guard classes differ only in how they were obtained. */
  static <T> T get(Mutex<T> m, boolean closed) {
    if (closed) {
      throw new IllegalStateException("the guard was closed: the lock is no longer held");
    }
    return m.value;
  }

  static <T> void set(Mutex<T> m, boolean closed, T value) {
    if (closed) {
      throw new IllegalStateException("the guard was closed: the lock is no longer held");
    }
    m.value = value;
  }

  /** A guard of {@link #tryLock()}. */
  static final class Held<T> implements Guard<T> {
    private final Mutex<T> mutex;
    private boolean closed;

    Held(Mutex<T> mutex) {
      this.mutex = mutex;
    }

    @Override
    public T get() {
      return Mutex.get(mutex, closed);
    }

    @Override
    public void set(T value) {
      Mutex.set(mutex, closed, value);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        mutex.sem.release(1);
      }
    }
  }

  /** The lock future: its own waiter node and, once ready, the guard itself (one allocation). */
  static final class LockFuture<T> extends AcquireFuture<Guard<T>> implements Guard<T> {
    private final Mutex<T> mutex;
    private boolean closed;

    LockFuture(Mutex<T> mutex) {
      super(mutex.sem, 1);
      this.mutex = mutex;
    }

    @Override
    Guard<T> onAcquired() {
      return this;
    }

    @Override
    RuntimeException onClosed() {
      return new IllegalStateException("unreachable: a mutex is never closed");
    }

    @Override
    public T get() {
      return Mutex.get(mutex, closed);
    }

    @Override
    public void set(T value) {
      Mutex.set(mutex, closed, value);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        mutex.sem.release(1);
      }
    }
  }
}
