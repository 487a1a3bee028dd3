package dev.weft.future;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Making and combining futures: futures-rs's {@code future} module.
 *
 * <p>Every combinator checks its arguments at the call (a null or an empty race throws at once)
 * and returns a lazy future: nothing is polled until it is.
 */
public final class Futures {
  private Futures() {}

  /**
   * A future that is ready with {@code value} at its first poll.
   *
   * @param <T> the type of the value
   * @param value the value (may be null)
   * @return a new future
   */
  public static <T> Future<T> ready(T value) {
    return new ReadyFuture<>(value);
  }

  /**
   * A future that fails with {@code error} at its first poll.
   *
   * @param <T> the type of the value the future would have had
   * @param error the failure
   * @return a new future
   */
  public static <T> Future<T> failed(Throwable error) {
    Objects.requireNonNull(error, "error");
    return new FailedFuture<>(error);
  }

  /**
   * A future that never completes.
   *
   * @param <T> the type of the value it never gives
   * @return a future that is always pending
   */
  @SuppressWarnings("unchecked")
  public static <T> Future<T> pending() {
    return (Future<T>) PendingFuture.INSTANCE;
  }

  /**
   * A future that runs {@code f} at its first poll and is ready with what it returns.
   *
   * @param <T> the type of the value
   * @param f computes the value
   * @return a new future
   */
  public static <T> Future<T> lazy(Supplier<? extends T> f) {
    Objects.requireNonNull(f, "f");
    return new LazyFuture<>(f);
  }

  /**
   * A future whose poll is {@code f}: for writing a small future without a class.
   *
   * @param <T> the type of the value
   * @param f called with the context of each poll; it returns the poll's answer
   * @return a new future
   */
  public static <T> Future<T> pollFn(Function<Context, Poll<T>> f) {
    Objects.requireNonNull(f, "f");
    return new PollFnFuture<>(f);
  }

  /**
   * Runs {@code f} to completion on the calling thread, parking it while {@code f} is pending:
   * the smallest executor, with no timers, I/O or other tasks. Returns the value; a failure is
   * thrown as it is when unchecked and inside an {@link AwaitException} (a
   * {@link java.util.concurrent.CompletionException}) when checked.
   *
   * @param <T> the type of the value
   * @param f the future to run
   * @return the value of {@code f}
   * @throws IllegalStateException inside an async block (use {@code await()}) or on a thread of
   *     a runtime (it would stall the runtime)
   */
  public static <T> T blockOn(Future<T> f) {
    Objects.requireNonNull(f, "f");
    return BlockingExecutor.blockOn(f);
  }

  /**
   * Polls both futures concurrently within one task and waits for both; values in argument order.
   * If some failed, fails after both finished with the first failure in argument order, the other
   * added as suppressed.
   *
   * @param <A> the type of the first value
   * @param <B> the type of the second value
   * @param a the first future
   * @param b the second future
   * @return a future of both values
   */
  public static <A, B> Future<Tuple2<A, B>> join(Future<A> a, Future<B> b) {
    return Futures.<Object>joinArray(false, a, b)
        .map(v -> new Tuple2<>(cast(v.get(0)), cast(v.get(1))));
  }

  /**
   * {@link #join(Future, Future)} of three.
   *
   * @param <A> the type of the first value
   * @param <B> the type of the second value
   * @param <C> the type of the third value
   * @param a the first future
   * @param b the second future
   * @param c the third future
   * @return a future of the three values
   */
  public static <A, B, C> Future<Tuple3<A, B, C>> join(Future<A> a, Future<B> b, Future<C> c) {
    return Futures.<Object>joinArray(false, a, b, c)
        .map(v -> new Tuple3<>(cast(v.get(0)), cast(v.get(1)), cast(v.get(2))));
  }

  /**
   * {@link #join(Future, Future)} of any number; an empty collection gives an empty list at once.
   *
   * @param <T> the type of the values
   * @param fs the futures
   * @return a future of every value, in the order of {@code fs}
   */
  public static <T> Future<List<T>> joinAll(Collection<? extends Future<? extends T>> fs) {
    return Futures.<T>joinArray(false, toArray(fs));
  }

  /**
   * Like {@link #join(Future, Future)}, but at the first failure cancels the other future and fails
   * with it.
   *
   * @param <A> the type of the first value
   * @param <B> the type of the second value
   * @param a the first future
   * @param b the second future
   * @return a future of both values
   */
  public static <A, B> Future<Tuple2<A, B>> tryJoin(Future<A> a, Future<B> b) {
    return Futures.<Object>joinArray(true, a, b)
        .map(v -> new Tuple2<>(cast(v.get(0)), cast(v.get(1))));
  }

  /**
   * {@link #tryJoin(Future, Future)} of three.
   *
   * @param <A> the type of the first value
   * @param <B> the type of the second value
   * @param <C> the type of the third value
   * @param a the first future
   * @param b the second future
   * @param c the third future
   * @return a future of the three values
   */
  public static <A, B, C> Future<Tuple3<A, B, C>> tryJoin(Future<A> a, Future<B> b, Future<C> c) {
    return Futures.<Object>joinArray(true, a, b, c)
        .map(v -> new Tuple3<>(cast(v.get(0)), cast(v.get(1)), cast(v.get(2))));
  }

  /**
   * {@link #tryJoin(Future, Future)} of any number; an empty collection gives an empty list at
   * once.
   *
   * @param <T> the type of the values
   * @param fs the futures
   * @return a future of every value, in the order of {@code fs}
   */
  public static <T> Future<List<T>> tryJoinAll(Collection<? extends Future<? extends T>> fs) {
    return Futures.<T>joinArray(true, toArray(fs));
  }

  /**
   * The first of {@code fs} to finish, with its value or its failure; the others are cancelled.
   *
   * @param <T> the type of the value
   * @param fs the futures that race
   * @return a future of the first outcome
   * @throws IllegalArgumentException if {@code fs} is empty
   */
  public static <T> Future<T> race(List<? extends Future<? extends T>> fs) {
    return new RaceFuture<>(nonEmpty(toArray(fs), "race"), false);
  }

  /**
   * {@link #race(List)} of the arguments.
   *
   * @param <T> the type of the value
   * @param fs the futures that race
   * @return a future of the first outcome
   */
  @SafeVarargs
  public static <T> Future<T> race(Future<? extends T>... fs) {
    Objects.requireNonNull(fs, "fs");
    return race(Arrays.asList(fs)); // not List.of: a null must reach the check that names it
  }

  /**
   * The first of {@code fs} to succeed; the others are cancelled. If every one fails, fails with
   * the failure that came last.
   *
   * @param <T> the type of the value
   * @param fs the futures
   * @return a future of the first value
   * @throws IllegalArgumentException if {@code fs} is empty
   */
  public static <T> Future<T> selectOk(List<? extends Future<? extends T>> fs) {
    return new RaceFuture<>(nonEmpty(toArray(fs), "selectOk"), true);
  }

  /**
   * A future of a JDK {@link CompletionStage}: ready with its value, failing with its failure (a
   * {@link java.util.concurrent.CompletionException} unwrapped) or with
   * {@link java.util.concurrent.CancellationException} if it was cancelled. Waits without a
   * thread. {@code cancel()} cancels {@code stage.toCompletableFuture()}, so a stage that is not
   * backed by a {@code CompletableFuture} is not cancelled.
   *
   * @param <T> the type of the value
   * @param stage the stage to wait for
   * @return a new future
   */
  public static <T> Future<T> fromCompletionStage(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    return new StageFuture<>(stage);
  }

  @SafeVarargs
  private static <T> Future<List<T>> joinArray(boolean failFast, Future<? extends T>... fs) {
    for (int i = 0; i < fs.length; i++) {
      Objects.requireNonNull(fs[i], "future " + i);
    }
    if (fs.length == 0) {
      return ready(List.of());
    }
    return new JoinFuture<>(fs, failFast);
  }

  @SuppressWarnings("unchecked")
  private static <T> Future<? extends T>[] toArray(Collection<? extends Future<? extends T>> fs) {
    Objects.requireNonNull(fs, "futures");
    Future<? extends T>[] array = fs.toArray(new Future[0]);
    for (int i = 0; i < array.length; i++) {
      Objects.requireNonNull(array[i], "future " + i);
    }
    return array;
  }

  private static <T> Future<? extends T>[] nonEmpty(Future<? extends T>[] fs, String what) {
    if (fs.length == 0) {
      throw new IllegalArgumentException(what + " needs at least one future");
    }
    return fs;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
