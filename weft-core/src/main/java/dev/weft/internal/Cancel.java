package dev.weft.internal;

import dev.weft.future.Future;
import dev.weft.stream.Stream;

/**
 * How a combinator cancels the futures and streams it owns: the one place that decides what
 * becomes of a cancel that throws (a cleanup that failed: an async block whose {@code finally}
 * threw).
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li><b>Every one is cancelled.</b> A cancel that throws does not stop the others, as Rust's
 *       drop of a struct drops every field.
 *   <li><b>A cleanup failure never replaces an outcome.</b> It goes where the outcome of the
 *       combinator lets it go:
 *       <ul>
 *         <li>the combinator itself is being cancelled ({@link #all}): the first failure is
 *             rethrown, the others suppressed in it;
 *         <li>the combinator fails with {@code error} ({@link #allThenFail}): the failures are
 *             suppressed in {@code error}, which is what is thrown;
 *         <li>the combinator gives a value or an end ({@link #allKeepingOutcome}): a success
 *             cannot carry a suppressed exception, so the failures are reported to
 *             {@link UnhandledFailures} (the runtime's unhandled-failure count and log).
 *       </ul>
 * </ol>
 * {@link #gather} and {@link #throwIfAny} are the same rules for a combinator that owns a
 * future and a stream at once.
 */
public final class Cancel {
  private Cancel() {}

  /**
   * Cancels every non-null future in {@code futures} and clears its slot; if some cancels threw,
   * rethrows the first with the rest suppressed, after all were cancelled.
   */
  public static void all(Future<?>... futures) {
    throwIfAny(cancelEach(futures));
  }

  /** {@link #all(Future[])} for streams. */
  public static void all(Stream<?>... streams) {
    throwIfAny(cancelEach(streams));
  }

  /**
   * For a combinator that fails with {@code error}: cancels every non-null future of
   * {@code futures} (clearing its slot), adds what their cancels threw to {@code error} as
   * suppressed, and throws {@code error}. Declared to return so callers can write {@code throw}.
   */
  public static RuntimeException allThenFail(Throwable error, Future<?>... futures) {
    throw Failures.sneakyThrow(Failures.combine(error, cancelEach(futures)));
  }

  /** {@link #allThenFail(Throwable, Future[])} for streams. */
  public static RuntimeException allThenFail(Throwable error, Stream<?>... streams) {
    throw Failures.sneakyThrow(Failures.combine(error, cancelEach(streams)));
  }

  /**
   * For a combinator that goes on to give a value or an end: cancels every non-null future of
   * {@code futures} (clearing its slot) and reports what their cancels threw as an unhandled
   * failure; throws nothing.
   *
   * @param what who cancelled what, for the report ("race: cancelling a losing input")
   */
  public static void allKeepingOutcome(String what, Future<?>... futures) {
    report(what, cancelEach(futures));
  }

  /** {@link #allKeepingOutcome(String, Future[])} for streams. */
  public static void allKeepingOutcome(String what, Stream<?>... streams) {
    report(what, cancelEach(streams));
  }

  /**
   * Cancels {@code f} if it is not null and returns {@code failures} with what its cancel threw
   * added (the first failure stays first); end with {@link #throwIfAny}.
   */
  public static Throwable gather(Throwable failures, Future<?> f) {
    if (f != null) {
      try {
        f.cancel();
      } catch (Throwable t) {
        return Failures.combine(failures, t);
      }
    }
    return failures;
  }

  /** {@link #gather(Throwable, Future)} for a stream. */
  public static Throwable gather(Throwable failures, Stream<?> s) {
    if (s != null) {
      try {
        s.cancel();
      } catch (Throwable t) {
        return Failures.combine(failures, t);
      }
    }
    return failures;
  }

  /** Throws {@code failures} (the first, the others suppressed in it) unless it is null. */
  public static void throwIfAny(Throwable failures) {
    if (failures != null) {
      throw Failures.sneakyThrow(failures);
    }
  }

  private static Throwable cancelEach(Future<?>[] futures) {
    Throwable failures = null;
    for (int i = 0; i < futures.length; i++) {
      Future<?> f = futures[i];
      futures[i] = null;
      failures = gather(failures, f);
    }
    return failures;
  }

  private static Throwable cancelEach(Stream<?>[] streams) {
    Throwable failures = null;
    for (int i = 0; i < streams.length; i++) {
      Stream<?> s = streams[i];
      streams[i] = null;
      failures = gather(failures, s);
    }
    return failures;
  }

  private static void report(String what, Throwable failures) {
    if (failures != null) {
      UnhandledFailures.report(what, failures);
    }
  }
}
