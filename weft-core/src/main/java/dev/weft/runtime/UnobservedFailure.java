package dev.weft.runtime;

import dev.weft.internal.Cleaners;
import java.lang.ref.Cleaner;

/**
 * Reports the failure of a task whose {@link JoinHandle} became unreachable before anyone read
 * its output: the fire-and-forget case, {@code rt.spawn(f);} with the handle ignored. Python's
 * asyncio does the same ("Task exception was never retrieved").
 *
 * <p>Made when a task fails while its handle still wants the output (RawTask rule 9), and
 * registered with the library's cleaner on the handle. Reading the output (awaiting the handle, a
 * {@code CompletableFuture} view, a {@code JoinSet}'s {@code joinNext}) or detaching the handle
 * (which reports at once) marks it observed; otherwise the cleaner's thread reports it once the
 * handle is collected. The action holds the failure, never the handle.
 */
final class UnobservedFailure implements Runnable {
  private final Throwable failure;
  private final long taskId;
  private final FailureSink sink;
  private final Cleaner.Cleanable cleanable;
  private volatile boolean observed;

  private UnobservedFailure(Object handle, Throwable failure, long taskId, FailureSink sink) {
    this.failure = failure;
    this.taskId = taskId;
    this.sink = sink;
    this.cleanable = Cleaners.CLEANER.register(handle, this);
  }

  /** Watches {@code handle}: reports {@code failure} if the handle is collected unobserved. */
  static UnobservedFailure watch(Object handle, Throwable failure, long taskId, FailureSink sink) {
    return new UnobservedFailure(handle, failure, taskId, sink);
  }

  /** Somebody took the failure (or reported it): nothing to report; the watch is dropped now. */
  void observe() {
    observed = true;
    cleanable.clean(); // runs run() at most once, here, which now does nothing
  }

  @Override
  public void run() {
    if (!observed) {
      sink.report("task " + taskId + " failed and its JoinHandle was dropped without its result"
          + " being read (the failure was never retrieved)", failure);
    }
  }
}
