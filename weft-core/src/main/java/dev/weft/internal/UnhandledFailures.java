package dev.weft.internal;

import java.util.Objects;
import java.util.function.Function;

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
 * <p>The packages below the runtime must not depend on it, so the runtime installs, once, the
 * way from its instance to its {@link Reporter}. No runtime instance can be in a
 * {@link ThreadState} before its class has run that installation.
 */
public final class UnhandledFailures {
  private UnhandledFailures() {}

  /** What a runtime does with a failure nobody will see: count it and log it. */
  public interface Reporter {
    /** Counts and logs {@code failure}; {@code what} says what failed, in a few words. */
    void reportUnhandled(String what, Throwable failure);
  }

  private static final System.Logger LOG = System.getLogger("dev.weft");

  private static volatile Function<Object, Reporter> lookup;

  /** Called once, by the runtime class: the reporter of a runtime found in a ThreadState. */
  public static void install(Function<Object, Reporter> runtimeToReporter) {
    lookup = Objects.requireNonNull(runtimeToReporter, "runtimeToReporter");
  }

  /**
   * Reports {@code failure} to the runtime the calling thread is in, or logs it if there is none.
   *
   * @param what what failed, in a few words ("race: cancelling a losing input")
   */
  public static void report(String what, Throwable failure) {
    Object runtime = ThreadState.current().runtime;
    Function<Object, Reporter> l = lookup;
    Reporter r = runtime != null && l != null ? l.apply(runtime) : null;
    if (r != null) {
      r.reportUnhandled(what, failure);
    } else {
      LOG.log(System.Logger.Level.WARNING, what + " threw, and nobody else will see it", failure);
    }
  }
}
