package dev.weft.test;

import static dev.weft.future.Async.async;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.RuntimeMetrics;
import dev.weft.runtime.Task;
import dev.weft.time.Time;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;
import org.opentest4j.AssertionFailedError;

/**
 * The runtime of one {@link WeftTest} method and the checks around its body, in the order
 * {@link WeftTest} lists them: build, run the body in an async block, let the tasks settle,
 * check for tasks left alive, close, check for unhandled failures.
 */
final class TestRuntime {
  /** Turns the tasks get to finish after the body returned: each runs every queued task once. */
  static final int SETTLE_YIELDS = 100;
  /** How long a multi-thread runtime's workers get, besides, to finish their tasks. */
  static final Duration SETTLE_WAIT = Duration.ofSeconds(1);
  /** How long close() may wait for the runtime's threads (blocking tasks cannot be stopped). */
  static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

  private final WeftTest options;
  private final AsyncRuntime runtime;

  private TestRuntime(WeftTest options, AsyncRuntime runtime) {
    this.options = options;
    this.runtime = runtime;
  }

  /** Checks the options, then builds the runtime they ask for. */
  static TestRuntime start(WeftTest options) {
    if (options.multiThread() && options.paused()) {
      throw new ExtensionConfigurationException("@WeftTest(multiThread = true) needs paused ="
          + " false: only the current-thread runtime has a paused clock");
    }
    if (options.workers() < 0) {
      throw new ExtensionConfigurationException(
          "@WeftTest(workers = " + options.workers() + "): workers must be at least 1 (0 for the"
              + " runtime's default)");
    }
    if (options.workers() > 0 && !options.multiThread()) {
      throw new ExtensionConfigurationException("@WeftTest(workers = " + options.workers()
          + ") applies to the multi-thread runtime: add multiThread = true, paused = false");
    }
    AsyncRuntime.Builder b = AsyncRuntime.builder();
    if (options.multiThread()) {
      b.multiThread();
      if (options.workers() > 0) {
        b.workers(options.workers());
      }
    } else {
      b.currentThread().startPaused(options.paused());
    }
    return new TestRuntime(options, b.build());
  }

  AsyncRuntime runtime() {
    return runtime;
  }

  /**
   * Runs the test body in the runtime, then checks and closes it. Throws what the body threw,
   * with what the checks found attached as suppressed; or, when the body passed, the first
   * thing the checks found.
   */
  void run(Invocation<Void> body) throws Throwable {
    Throwable failure;
    try {
      failure = runtime.blockOn(async(() -> runBody(body)));
    } catch (Throwable t) { // the body did not even start: no coroutine flag, for one
      failure = t;
    }
    if (failure == null && options.tasksMustFinish()) {
      long alive = runtime.metrics().aliveTasks();
      if (alive > 0) {
        failure = new AssertionFailedError(alive + " task(s) of the " + runtime.metrics()
            .spawnedTasks() + " the test spawned still ran when its body had returned. Await"
            + " their JoinHandles, abort them, or close their JoinSet before the body returns;"
            + " with @WeftTest(tasksMustFinish = false) they are cancelled when the runtime"
            + " closes");
      }
    }
    failure = closeAndCheck(failure);
    if (failure != null) {
      throw failure;
    }
  }

  /** The body's failure, or null; then the tasks' turns to finish, if they must. */
  private Throwable runBody(Invocation<Void> body) throws Exception {
    try {
      body.proceed();
    } catch (Throwable t) {
      return t; // handed to run(), which throws it unchanged (blockOn would wrap a checked one)
    }
    if (options.tasksMustFinish()) {
      settle();
    }
    return null;
  }

  /**
   * Gives the tasks still alive turns to finish without the clock moving: a yield puts the body
   * behind every queued task. A multi-thread runtime's workers run on their own, so they also
   * get a little real time.
   */
  private void settle() {
    RuntimeMetrics metrics = runtime.metrics();
    for (int i = 0; i < SETTLE_YIELDS && metrics.aliveTasks() > 0; i++) {
      Task.yieldNow().await();
    }
    if (options.multiThread()) {
      long deadline = System.nanoTime() + SETTLE_WAIT.toNanos();
      while (metrics.aliveTasks() > 0 && System.nanoTime() - deadline < 0) {
        Time.sleep(Duration.ofMillis(1)).await(); // a real clock: multiThread is never paused
      }
    }
  }

  /** Closes the runtime (at most once); returns {@code failure} with what closing found. */
  Throwable closeAndCheck(Throwable failure) {
    if (runtime.isClosed()) {
      return failure;
    }
    try {
      if (!runtime.close(CLOSE_LIMIT)) {
        failure = add(failure, new AssertionFailedError("the runtime's threads still ran "
            + CLOSE_LIMIT.toSeconds() + " s after close(): a blocking task that does not end?"));
      }
    } catch (Throwable t) {
      failure = add(failure, t);
    }
    long unhandled = runtime.metrics().unhandledFailures();
    if (unhandled > 0) {
      failure = add(failure, new AssertionFailedError(unhandled + " failure(s) nobody could"
          + " receive: a detached task failed, or a cleanup or a waker threw (the runtime logged"
          + " each under dev.weft.runtime)"));
    }
    return failure;
  }

  private static Throwable add(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
