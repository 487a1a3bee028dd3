package dev.weft.future;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * futures-rs's {@code select!}: waits for the first of several fused futures and runs its branch's
 * handler. A builder; {@link #future()} makes the future, {@link #await()} awaits one.
 *
 * <pre>{@code
 * FusedFuture<Integer> a = taskOne().fuse();
 * FusedFuture<Integer> b = taskTwo().fuse();
 * String first = Select.<String>create()
 *     .on(a, v -> "task one completed first")
 *     .on(b, v -> "task two completed first")
 *     .await();
 * }</pre>
 *
 * <p>Each poll visits the branches that are not terminated in random order ({@link #biased()}:
 * in the order they were added); the first ready branch's handler gives the result, and a branch
 * that fails makes the select fail with that failure. The branch futures are not cancelled: they
 * belong to the caller, who may select over them again in a loop; a fused future that completed
 * is skipped from then on. When every branch is terminated (or there is none), {@code complete}
 * runs if given, else {@code otherwise} if given, else the select fails with
 * {@link IllegalStateException}. With {@code otherwise}, if no branch is ready on the first poll,
 * {@code otherwise} runs instead of waiting.
 *
 * @param <R> the type every handler returns
 */
public final class Select<R> {

  /** One arm: a fused future and what to do with its value. */
  record Branch<T, R>(FusedFuture<T> future, Function<? super T, ? extends R> handler) {}

  private final List<Branch<?, R>> branches = new ArrayList<>();
  private Supplier<? extends R> complete;
  private Supplier<? extends R> otherwise;
  private boolean biased;

  private Select() {}

  /**
   * A select with no branch yet.
   *
   * @param <R> the type every handler returns
   * @return a new builder
   */
  public static <R> Select<R> create() {
    return new Select<>();
  }

  /**
   * Adds a branch: when {@code f} is ready first, the result is {@code handler} of its value.
   *
   * @param <T> the type of the branch future's value
   * @param f the branch's future, fused so that it can be polled after it completed
   * @param handler makes the select's result of the value
   * @return this builder
   */
  public <T> Select<R> on(FusedFuture<T> f, Function<? super T, ? extends R> handler) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(handler, "handler");
    branches.add(new Branch<>(f, handler));
    return this;
  }

  /**
   * What to return when every branch is terminated ({@code complete =>} in select!).
   *
   * @param handler gives the select's result
   * @return this builder
   */
  public Select<R> complete(Supplier<? extends R> handler) {
    this.complete = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * What to return when no branch is ready at once ({@code default =>} in select!).
   *
   * @param handler gives the select's result
   * @return this builder
   */
  public Select<R> otherwise(Supplier<? extends R> handler) {
    this.otherwise = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Visits branches in the order they were added, instead of at random.
   *
   * @return this builder
   */
  public Select<R> biased() {
    this.biased = true;
    return this;
  }

  /**
   * A new future of this select (the builder may be reused for the next loop iteration).
   *
   * @return a new future of the first ready branch's result
   */
  public Future<R> future() {
    @SuppressWarnings("unchecked")
    Branch<Object, R>[] arms = branches.toArray(new Branch[0]);
    return new SelectFuture<>(arms, complete, otherwise, biased);
  }

  /**
   * {@code future().await()}: inside an async block only.
   *
   * @return the first ready branch's result
   */
  public R await() {
    return future().await();
  }
}
