package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.internal.Failures;

/**
 * A future that waits for permits of a {@link Sem} and then completes with
 * {@link #onAcquired()}: a lock, a semaphore acquire, an mpsc send or reserve. The future is its
 * own waiter node, so waiting allocates nothing beyond the future.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Each poll first consumes a unit of the cooperative budget ({@link Coop#proceed}); a poll
 *       that then turns out pending gives it back.
 *   <li>The permits are claimed and {@link #onAcquired()} runs in the same poll that returns
 *       ready, so a cancelled future never did its work (a cancelled send sent nothing).
 *   <li>{@link #cancel()} of a queued future leaves the queue in O(1) and hands any permits it
 *       had been given to the next waiter ({@link Sem} rule 4), then calls
 *       {@link #permitsGivenBack()} so a subclass can wake whoever else waits for them (a
 *       granted mpsc send cancelled before its next poll: the receiver may be waiting for the
 *       channel to become idle).
 * </ol>
 *
 * @param <R> the value of the future
 */
abstract class AcquireFuture<R> extends Sem.Acquirer implements Future<R> {
  private static final int NEW = 0;
  private static final int QUEUED = 1;
  private static final int DONE = 2;

  final Sem sem;
  private final int permits;
  private int phase = NEW; // touched by the owner only (poll and cancel are not concurrent)

  AcquireFuture(Sem sem, int permits) {
    this.sem = sem;
    this.permits = permits;
  }

  /** Runs once the permits are held, in the poll that returns ready; its value is the result. */
  abstract R onAcquired();

  /** The failure when the semaphore is closed. */
  abstract RuntimeException onClosed();

  /** Checks made at the first poll, before anything is acquired (may throw). */
  void beforeFirstPoll() {}

  @Override
  public final Poll<R> poll(Context cx) {
    if (phase == DONE) {
      throw Failures.polledAfterCompletion(this);
    }
    if (phase == NEW) {
      try {
        beforeFirstPoll();
      } catch (Throwable t) {
        phase = DONE;
        throw t;
      }
    }
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    int r = phase == NEW ? sem.acquire(this, permits, cx.waker()) : sem.poll(this, cx.waker());
    if (r == Sem.QUEUED) {
      phase = QUEUED;
      Coop.refund();
      return Poll.pending();
    }
    phase = DONE;
    if (r == Sem.ACQUIRED) {
      return readyOf(onAcquired());
    }
    throw onClosed();
  }

  private static final Poll<Object> READY_NULL = Poll.ready(null);

  /** A ready poll of {@code v}; the one of null is shared, so a completed send allocates nothing. */
  @SuppressWarnings("unchecked")
  static <R> Poll<R> readyOf(R v) {
    return v == null ? (Poll<R>) READY_NULL : Poll.ready(v);
  }

  /** For the try-variants: this future's permits were taken directly (by a try-acquire). */
  final void markAcquired() {
    phase = DONE;
  }

  /** Stops waiting; a queued future leaves the queue and passes on what it was given. */
  @Override
  public final void cancel() {
    boolean gaveBack = phase == QUEUED && sem.cancel(this) > 0;
    if (phase != DONE) {
      phase = DONE;
      onCancelled();
    }
    if (gaveBack) {
      permitsGivenBack();
    }
  }

  /** Drops what the future holds for its work (the value of a cancelled send). */
  void onCancelled() {}

  /**
   * Called by {@link #cancel()} after permits this future had been given (or had gathered in its
   * account) went back to the semaphore unused; the semaphore has already woken the next waiter.
   */
  void permitsGivenBack() {}
}
