package dev.weft.sync;

import dev.weft.future.Future;
import java.util.Optional;

/**
 * An async counting semaphore (tokio's {@code Semaphore}): {@link #acquire(int)} waits without
 * a thread until permits are free; the {@link Permit} gives them back when closed.
 *
 * <p><b>Fair.</b> Waiting acquires are served in FIFO order, and free permits go to the head
 * waiter first: a large acquire at the head holds back the smaller ones behind it (permits
 * accumulate for it, so {@link #availablePermits()} can read 0 while it waits), and
 * {@link #tryAcquire()} fails rather than overtake a queued waiter.
 *
 * <pre>{@code
 * Semaphore limit = new Semaphore(10);          // at most 10 downloads at a time
 * try (Semaphore.Permit p = limit.acquire().await()) {
 *   download(url).await();
 * }
 * }</pre>
 */
public final class Semaphore {
  private final Sem sem;

  /**
   * A semaphore with {@code permits} free permits.
   *
   * @param permits the free permits at the start, not negative
   * @throws IllegalArgumentException if {@code permits < 0}
   */
  public Semaphore(int permits) {
    this.sem = new Sem(permits);
  }

  /**
   * {@link #acquire(int) acquire(1)}: a future that waits for one permit, in FIFO order.
   *
   * <p><b>Cancel safety.</b> A cancelled acquire holds nothing: it leaves the queue in O(1), and
   * a permit it had been granted passes to the next waiter.
   *
   * @return a new future of the permit
   * @throws IllegalStateException if the semaphore is closed
   */
  public Future<Permit> acquire() {
    return acquire(1);
  }

  /**
   * A future of {@code n} permits, waiting in FIFO order until they are free. Fails with
   * {@link IllegalStateException} if the semaphore is closed while it waits.
   *
   * <p><b>Cancel safety.</b> A cancelled acquire holds nothing: it leaves the queue in O(1), and
   * permits it had already been given pass to the next waiter.
   *
   * @param n how many permits, at least 1
   * @return a new future of the permits, held as one {@link Permit}
   * @throws IllegalArgumentException if {@code n < 1}
   * @throws IllegalStateException if the semaphore is closed
   */
  public Future<Permit> acquire(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("must acquire at least one permit: " + n);
    }
    checkOpen();
    return new AcquirePermit(sem, n);
  }

  /**
   * One permit if it is free now and nobody waits before us; else empty.
   *
   * @return the permit, or empty
   * @throws IllegalStateException if the semaphore is closed
   */
  public Optional<Permit> tryAcquire() {
    int r = sem.tryAcquire(1);
    if (r == Sem.CLOSED) {
      throw closed();
    }
    return r == Sem.ACQUIRED ? Optional.of(new AcquirePermit(sem, 1).acquired()) : Optional.empty();
  }

  /**
   * Adds {@code n} permits; waiters get them first, in order.
   *
   * @param n how many permits to add, not negative
   * @throws IllegalArgumentException if {@code n < 0} or the total would exceed
   *     {@link Integer#MAX_VALUE}
   */
  public void addPermits(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot add a negative number of permits: " + n);
    }
    sem.release(n);
  }

  /**
   * The permits free now (0 while an acquire waits).
   *
   * @return the number of free permits
   */
  public int availablePermits() {
    return sem.available();
  }

  /**
   * Closes the semaphore: pending acquires are woken and fail with
   * {@link IllegalStateException}, later {@code acquire} and {@code tryAcquire} throw it.
   * Permits already held can still be closed. Idempotent.
   */
  public void close() {
    sem.close();
  }

  /**
   * True once {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return sem.isClosed();
  }

  private void checkOpen() {
    if (sem.isClosed()) {
      throw closed();
    }
  }

  static IllegalStateException closed() {
    return new IllegalStateException("the semaphore is closed");
  }

  @Override
  public String toString() {
    return "Semaphore[available=" + sem.available() + (sem.isClosed() ? ", closed" : "") + "]";
  }

  /** Permits held; {@link #close()} gives them back (idempotent). */
  public interface Permit extends AutoCloseable {
    /** Gives the permits back to the semaphore; a second close does nothing. */
    @Override
    void close();
  }

  /** The acquire future, which is its own waiter node and, once ready, the permit itself. */
  static final class AcquirePermit extends AcquireFuture<Permit> implements Permit {
    private final int n;
    private boolean released;

    AcquirePermit(Sem sem, int n) {
      super(sem, n);
      this.n = n;
    }

    @Override
    public String describe() {
      return "acquire(Semaphore, " + n + ")";
    }

    /** This permit, already holding its permits (taken by a try-acquire). */
    AcquirePermit acquired() {
      markAcquired();
      return this;
    }

    @Override
    Permit onAcquired() {
      return this;
    }

    @Override
    RuntimeException onClosed() {
      return closed();
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        sem.release(n);
      }
    }
  }
}
