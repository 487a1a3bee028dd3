package dev.weft.future;

import dev.weft.internal.Failures;
import java.util.Objects;

/**
 * The outcome of a future as a value: {@link Ok} or {@link Err}. {@link Future#result()} turns a
 * future that may fail into one that never does.
 *
 * @param <T> the value's type
 */
public sealed interface Result<T> permits Result.Ok, Result.Err {

  /**
   * A success.
   *
   * @param <T> the value's type
   * @param value the value (may be null)
   */
  record Ok<T>(T value) implements Result<T> {}

  /**
   * A failure, holding the original exception (a checked one is not wrapped).
   *
   * @param <T> the type of the value there is not
   * @param error the failure
   */
  record Err<T>(Throwable error) implements Result<T> {
    /**
     * A failure.
     *
     * @throws NullPointerException if {@code error} is null
     */
    public Err {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * A success.
   *
   * @param <T> the value's type
   * @param value the value (may be null)
   * @return a new {@link Ok}
   */
  static <T> Result<T> ok(T value) {
    return new Ok<>(value);
  }

  /**
   * A failure.
   *
   * @param <T> the type of the value there is not
   * @param error the failure, not null
   * @return a new {@link Err}
   */
  static <T> Result<T> err(Throwable error) {
    return new Err<>(error);
  }

  /**
   * The value, or throws as {@code await()} does: an unchecked exception or error as it is, a
   * checked exception inside an {@link AwaitException} (a
   * {@link java.util.concurrent.CompletionException}).
   *
   * @return the value of an {@link Ok}
   */
  default T get() {
    return switch (this) {
      case Ok<T> ok -> ok.value();
      case Err<T> err -> throw Failures.forCaller(err.error());
    };
  }

  /**
   * Whether this is a success.
   *
   * @return true for {@link Ok}, false for {@link Err}
   */
  default boolean isOk() {
    return this instanceof Ok;
  }
}
