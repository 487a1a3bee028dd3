package dev.weft.internal;

/**
 * Where a failure goes when no outcome can carry it: a cancelled child's cleanup that threw while
 * its combinator completed with a value (a success cannot carry a suppressed exception), or a
 * subscriber that broke the Reactive Streams rules after its subscription ended.
 *
 * <p>Such a failure is reported, never dropped: inside a runtime (a task, a blocking task, or a
 * {@code blockOn}: the runtime in {@link ThreadState#runtime}) the runtime counts it in
 * {@code unhandledFailures()} and logs it; elsewhere it is logged as a warning on the
 * {@link System.Logger} {@code "dev.weft"}.
 *
 * <p>The runtime is reached through {@link RuntimeContext}, so the packages below it need not
 * depend on it.
 */
public final class UnhandledFailures {
  private UnhandledFailures() {}

  private static final System.Logger LOG = System.getLogger("dev.weft");

  /**
   * Reports {@code failure} to the runtime the calling thread is in, or logs it if there is none.
   *
   * @param what what failed, in a few words ("race: cancelling a losing input")
   */
  public static void report(String what, Throwable failure) {
    RuntimeContext runtime = ThreadState.current().runtime;
    if (runtime != null) {
      runtime.reportUnhandled(what, failure);
    } else {
      LOG.log(System.Logger.Level.WARNING, what + " threw, and nobody else will see it", failure);
    }
  }
}
