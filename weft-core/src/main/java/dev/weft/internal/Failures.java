package dev.weft.internal;

import dev.weft.future.AwaitException;

/**
 * How failures change shape at the library's edges (the rule users read in
 * {@code dev.weft.future}'s package doc and {@code Future.await()}; docs/ARCHITECTURE.md,
 * "Failures").
 *
 * <p>Inside the library a failure travels as the original {@link Throwable}, checked ones
 * included ({@link #sneakyThrow}). Where user code receives it as a thrown exception
 * ({@code await()}, {@code blockOn}, {@code Result.get()}), unchecked exceptions and errors come
 * as they are and checked ones wrapped in an {@link AwaitException}, a public
 * {@link java.util.concurrent.CompletionException} ({@link #forCaller}).
 */
public final class Failures {
  private Failures() {}

  /** Throws {@code t} as it is, checked or not; declared to return so callers can write {@code throw}. */
  public static RuntimeException sneakyThrow(Throwable t) {
    throw Failures.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * The exception user code sees for failure {@code t}: {@code t} itself when unchecked (errors
   * are thrown from here), else an {@link AwaitException} whose cause is {@code t}.
   */
  public static RuntimeException forCaller(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new AwaitException(t);
  }

  /** Undoes {@link #forCaller}'s wrapping: what an async block fails with when {@code t} escapes it. */
  public static Throwable original(Throwable t) {
    if (t instanceof AwaitException w) {
      return w.getCause();
    }
    return t;
  }

  /**
   * The error for a future polled after it completed ({@link OnceFuture}). It tells the user to
   * keep the value: sending them to {@code fuse()} would hang their next await, since a fused
   * future stays pending after it completed.
   */
  public static IllegalStateException polledAfterCompletion(Object future) {
    return polledAfterCompletion(future.getClass().getSimpleName());
  }

  /** {@link #polledAfterCompletion(Object)} for a future that names its kind itself. */
  public static IllegalStateException polledAfterCompletion(String kind) {
    return new IllegalStateException(
        "future polled after it completed: " + kind
            + ". A future gives its result once: keep the value it gave instead of awaiting it"
            + " again (for a new result, make a new future). fuse() is for Select loops only: a"
            + " fused future that completed stays pending forever");
  }

  /**
   * Adds {@code other} to {@code first} as suppressed, guarding against self-suppression (the same
   * exception reaching us twice), and returns {@code first} (or {@code other} if first is null).
   */
  public static Throwable combine(Throwable first, Throwable other) {
    if (first == null) {
      return other;
    }
    if (other != null && other != first) {
      first.addSuppressed(other);
    }
    return first;
  }
}
