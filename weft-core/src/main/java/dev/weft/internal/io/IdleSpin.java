package dev.weft.internal.io;

/**
 * Whether a thread about to block in its selector should first poll it for a short while, and
 * what it learned from its last idle spells. Used by one selecting thread at a time (the
 * selector's owner), so its fields need no synchronisation.
 *
 * <p>Blocking in {@code epoll_wait} costs twice when the next readiness comes soon: the peer
 * whose write makes the socket readable pays for waking this thread (in a virtual machine an
 * inter-processor interrupt, a trip to the hypervisor), and this thread comes back only after
 * the scheduler ran it again. A request-reply server under a closed-loop client sees its next
 * request a few microseconds after it went idle, so polling with {@code selectNow} for a while
 * catches it awake: redis-benchmark at {@code -P 1} against weft-redis on the current-thread
 * runtime (two cores, 50 connections; SET, GET, PING, three rounds in turn) served 69-74k
 * requests a second with the spin against 63-71k without (redis-server 64-70k).
 *
 * <p>Spinning is wasted when the next readiness is far off, and harmful when the machine has no
 * core to spare: the spinner takes it from whoever would run (a load client on the same cores).
 * So the decision is learned, as an idle governor does:
 * <ol>
 *   <li>Each idle spell ends with its length known (spun or blocked): one no longer than the
 *       spin would have been caught by one, and scores a point (up to {@value #MAX_SCORE}); a
 *       longer one costs two. The thread spins only while the score is positive, so a selector
 *       whose spells are mostly long blocks at once, and one that blocked through a run of
 *       short spells starts spinning.
 *   <li>A spin that finds it was descheduled (a gap between two polls longer than {@value
 *       #PREEMPTED_GAP_NANOS} ns) learns that the cores are all taken: the score drops to
 *       {@value #PREEMPTED_SCORE}, so the next spells block, and only a long run of short ones
 *       brings the spin back.
 * </ol>
 * The system property {@code weft.io.idleSpinNanos} sets the spin's length (0 turns it off).
 */
final class IdleSpin {
  /** The default spin: the system property {@code weft.io.idleSpinNanos}, else 50 µs. */
  static final long SPIN_NANOS = Math.max(0, Long.getLong("weft.io.idleSpinNanos", 50_000));
  static final int MAX_SCORE = 8;
  static final int PREEMPTED_SCORE = -32;
  static final long PREEMPTED_GAP_NANOS = 200_000;

  private final long spinNanos;
  private final long preemptedGapNanos;
  private int score;

  IdleSpin() {
    this(SPIN_NANOS, PREEMPTED_GAP_NANOS);
  }

  /**
   * A spin of {@code spinNanos} (0: never spin) that counts a gap longer than {@code
   * preemptedGapNanos} between two polls as being descheduled (rule 2).
   */
  IdleSpin(long spinNanos, long preemptedGapNanos) {
    if (spinNanos < 0) {
      throw new IllegalArgumentException("an idle spin cannot be negative: " + spinNanos + " ns");
    }
    if (preemptedGapNanos <= 0) {
      throw new IllegalArgumentException(
          "the gap that means preempted must be positive: " + preemptedGapNanos + " ns");
    }
    this.spinNanos = spinNanos;
    this.preemptedGapNanos = preemptedGapNanos;
  }

  /** A gap between two polls of a spin longer than this means the spinner was descheduled. */
  long preemptedGapNanos() {
    return preemptedGapNanos;
  }

  /** The longest a spin polls before the thread blocks. */
  long spinNanos() {
    return spinNanos;
  }

  /** True if the next idle spell should start with a spin. */
  boolean shouldSpin() {
    return score > 0 && spinNanos > 0;
  }

  /** Rule 1: an idle spell of {@code nanos} ended. */
  void spellEnded(long nanos) {
    if (spinNanos <= 0) {
      return;
    }
    if (nanos <= spinNanos) {
      score = Math.min(MAX_SCORE, score + 1);
    } else if (score > 0) {
      score = Math.max(0, score - 2);
    }
  }

  /** Rule 2: the spinning thread was descheduled. */
  void preempted() {
    score = PREEMPTED_SCORE;
  }

  /** The current score (for tests). */
  int score() {
    return score;
  }
}
