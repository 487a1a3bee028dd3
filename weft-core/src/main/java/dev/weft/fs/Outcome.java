package dev.weft.fs;

import dev.weft.internal.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * What a blocking call of this package gave: its value, or the exception it threw. A blocking
 * job returns its exception as a value instead of throwing it, so that a job whose future was
 * cancelled (nobody reads its handle any more) is not reported by the runtime as a task that
 * failed unseen: what to do with such a failure is decided here, where the caller is known.
 * Errors are not captured; they fail the job as they would any task.
 */
record Outcome<T>(T value, Exception failure) {

  /** {@code body} as a call that never throws an {@link Exception}. */
  static <T> Callable<Outcome<T>> capturing(Callable<T> body) {
    return () -> {
      try {
        return new Outcome<>(body.call(), null);
      } catch (Exception e) {
        return new Outcome<>(null, e);
      }
    };
  }

  /** The value, or the failure thrown as the caller of an I/O future sees it. */
  T get() {
    if (failure != null) {
      throw forCaller(failure);
    }
    return value;
  }

  /**
   * A failure of a blocking file call as this package throws it: an {@link IOException} inside an
   * {@link UncheckedIOException}, anything else as it is.
   */
  static RuntimeException forCaller(Throwable failure) {
    if (failure instanceof IOException io) {
      return new UncheckedIOException(io);
    }
    throw Failures.sneakyThrow(failure);
  }
}
