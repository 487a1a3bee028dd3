package dev.weft.internal.coro;

import java.util.List;

/**
 * Refuses an {@code await()} that would suspend an async block while its thread holds a monitor,
 * with an {@link IllegalStateException} that names the monitor, where it was locked, and
 * {@code dev.weft.sync.Mutex}.
 *
 * <h2>Why</h2>
 * A monitor ({@code synchronized}) belongs to a thread. Up to JDK 23 the JVM refuses to freeze a
 * continuation whose thread holds one: the yield fails as pinned, and await() throws. Since
 * JDK 24 (JEP 491, made for virtual threads, whose monitors follow the virtual thread) it
 * freezes the frames with the monitors still locked, and for a raw continuation they stay with
 * the worker thread while the block is suspended. The next block that enters one, on another
 * worker or on the holder's own, blocks that worker in the JVM until the holder resumes and
 * leaves; when the holder waits for that block, or must resume on that very worker, it never
 * does. (A monitor the JVM had inflated is even entered by a block on the holder's own worker,
 * alongside the holder.) No exception, no log; {@code jstack} shows a worker "waiting to lock".
 *
 * <h2>The check</h2>
 * <ol>
 *   <li>It runs after the awaited future returned pending and before the yield: an await of a
 *       ready future does not pay for it, and is allowed inside {@code synchronized}, since the
 *       block does not leave its thread.
 *   <li>The JVM offers no cheap "does this thread hold any monitor". Measured on JDK 25.0.3:
 *       {@code Continuation.isPinned(scope)} answers true for every call from Java inside a
 *       continuation (its frame walk meets a native frame) and costs 100-400 ns; it reads the
 *       held-monitor count, which JDK 24+ keeps only for the legacy locking mode. The thread
 *       dump with locked monitors costs 75-115 µs (a safepoint); a {@code StackWalker} walk
 *       1-1.5 µs, and frames do not show monitors. {@code Thread.holdsLock(x)} costs 16 ns,
 *       for an {@code x} one knows.
 *   <li>So the check asks {@code holdsLock} about the objects whose monitors the body may hold:
 *       the objects its code both reaches by name and locks, as its class files say
 *       ({@link MonitorCandidates}, {@link LockSites}). They are found once per block, at its
 *       first pending await (reflection, and a class file read once per class), and kept in
 *       the block. Each later suspension asks about each of them; most bodies have none, and
 *       their suspensions pay a length test.
 *   <li>Only once one is found held does it ask for the thread dump ({@link HeldMonitors}), to
 *       name every monitor held and the frame that locked it.
 *   <li>A monitor the body cannot name (one reached through a call's result, or a field of a
 *       field) is not found: that await still suspends with it held, as before.
 *   <li>Before JDK 24 the check is off: the JVM refuses every such suspension itself, and
 *       {@link Continuations#pinned} words that failure with {@link #heldAcrossSuspend}.
 * </ol>
 */
final class MonitorGuard {
  private MonitorGuard() {}

  /** JDK 24 and later freeze a continuation that holds monitors; older ones refuse to. */
  static final boolean ENABLED = Runtime.version().feature() >= 24;

  /**
   * The failure of an await that would suspend while the thread holds a monitor: {@code known}
   * is the monitor found, or null when the JVM refused the suspension ({@code cause}).
   */
  static IllegalStateException heldAcrossSuspend(Object known, Throwable cause) {
    HeldMonitors.Report held = HeldMonitors.describe();
    List<String> lines = held.lines();
    String what;
    if (lines.isEmpty()) {
      what = known == null ? "a monitor" : "the monitor of " + HeldMonitors.identity(known);
    } else if (lines.size() == 1) {
      what = "the monitor of " + lines.get(0);
    } else {
      what = "the monitors of " + String.join(", ", lines);
    }
    IllegalStateException e = new IllegalStateException(
        "await() would suspend this async block while its thread holds " + what + ". A monitor"
            + " belongs to the thread, not to the block: it would stay locked while the block is"
            + " suspended, and the next block to enter it would block its worker thread for"
            + " ever. Leave the synchronized block before the await, or hold a"
            + " dev.weft.sync.Mutex across the await instead.", cause);
    if (held.unavailable() != null) {
      e.addSuppressed(held.unavailable());
    }
    return e;
  }
}
