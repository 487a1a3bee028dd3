package dev.weft.runtime;

import dev.weft.future.Future;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Spawning from inside a runtime (tokio's {@code tokio::spawn}, {@code spawn_blocking},
 * {@code yield_now}).
 */
public final class Task {
  private Task() {}

  /**
   * Spawns {@code f} on the runtime the caller runs in.
   *
   * @param <T> the type of the task's value
   * @param f the task's future
   * @return the task's handle
   * @throws IllegalStateException outside a runtime (use {@code runtime.spawn(f)}) or after it closed
   */
  public static <T> JoinHandle<T> spawn(Future<T> f) {
    Objects.requireNonNull(f, "f");
    return currentRuntime("Task.spawn").spawn(f);
  }

  /**
   * Spawns {@code f} on the runtime the caller runs in, as a task named {@code name}: the name
   * shows in task dumps, slow-poll reports and Flight Recorder events.
   *
   * @param <T> the type of the task's value
   * @param name the task's name, not null (names need not be unique)
   * @param f the task's future
   * @return the task's handle
   * @throws IllegalStateException outside a runtime (use {@code runtime.spawn(name, f)}) or
   *     after it closed
   */
  public static <T> JoinHandle<T> spawn(String name, Future<T> f) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(f, "f");
    return currentRuntime("Task.spawn").spawn(name, f);
  }

  /**
   * Runs {@code body} on the runtime's blocking pool, a growable set of platform threads for
   * work that blocks (file I/O, JDBC, a lock): blocking inside a task would stall its worker.
   * The handle is an ordinary future; aborting it cancels the work only if it has not started.
   *
   * @param <T> the type of the body's value
   * @param body the blocking work
   * @return the blocking task's handle
   * @throws IllegalStateException outside a runtime or after it closed
   */
  public static <T> JoinHandle<T> spawnBlocking(Callable<T> body) {
    Objects.requireNonNull(body, "body");
    return currentRuntime("Task.spawnBlocking").spawnBlocking(body);
  }

  /**
   * A future that is pending once, then ready: awaiting it lets the runtime run other tasks
   * before this one continues. Works under any executor. Its task is woken at once (to the back
   * of a run queue), except on a worker of the multi-thread runtime, which wakes it once it has
   * no other task queued or after its next poll of I/O and timers, whichever comes first, and
   * notifies no sleeping worker for it meanwhile (as tokio's {@code yield_now} does).
   *
   * @return a new future
   */
  public static Future<Void> yieldNow() {
    return new YieldNow();
  }

  static AsyncRuntime currentRuntime(String what) {
    // No Optional and no lambda: this runs on every spawn, and the lambda that captured
    // `what` was allocated on every call (a JNI allocation when not inlined: 9 % of W1).
    AsyncRuntime rt = AsyncRuntime.currentOrNull();
    if (rt != null) {
      return rt;
    }
    throw new IllegalStateException(what + " must be called from inside a runtime (a task, a"
        + " blocking task or runtime.blockOn); from outside, use runtime.spawn(...) on an"
        + " AsyncRuntime");
  }
}
