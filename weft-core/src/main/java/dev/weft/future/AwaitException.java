package dev.weft.future;

import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * A checked failure, wrapped where user code receives it as a thrown exception: from
 * {@link Future#await()}, {@link Futures#blockOn}, {@code AsyncRuntime.blockOn}, awaiting a
 * {@code JoinHandle}, and {@link Result#get()}. Its {@linkplain #getCause() cause} is the
 * original exception. Unchecked exceptions and errors are never wrapped.
 *
 * <p>Catch it as {@link CompletionException}, the JDK's convention for the same thing
 * ({@code CompletableFuture.join()}); it is a subclass, and not a plain
 * {@code CompletionException}, for one reason: an async block must tell the wrapper made by
 * {@code await()} from a {@code CompletionException} its body made itself. When an
 * {@code AwaitException} escapes the body of an async block, the block fails with its cause, so
 * the original failure crosses any nesting of blocks ({@code recover}, {@code mapError} and
 * {@link Result.Err} see the original); a {@code CompletionException} the body made is what
 * the block fails with. Throwing an {@code AwaitException} yourself means the same: "fail with
 * this cause".
 */
public final class AwaitException extends CompletionException {
  private static final long serialVersionUID = 1L;

  /**
   * Wraps {@code cause}, a checked exception.
   *
   * @param cause the checked exception that a future failed with
   * @throws NullPointerException if {@code cause} is null
   */
  public AwaitException(Throwable cause) {
    super(Objects.requireNonNull(cause, "cause"));
  }
}
