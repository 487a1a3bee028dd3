package dev.weft.future;

import dev.weft.internal.coro.AsyncBlock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A value that will be ready later, computed only while something polls it: Rust's
 * {@code Future}.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li><b>Lazy.</b> Creating a future runs nothing. Work happens inside {@link #poll}, which an
 *       executor calls: {@code await()} in an async block, a combinator that owns the future, a
 *       runtime's {@code spawn}, or {@link Futures#blockOn}.
 *   <li><b>Poll never blocks.</b> It returns {@link Poll#ready ready} with the value, returns
 *       {@link Poll#pending() pending} after arranging for {@code cx.waker()} to be woken, or
 *       throws: a future fails by throwing from {@code poll}, the original exception, checked
 *       ones unwrapped.
 *   <li><b>Completed</b> means returned ready or threw. A future gives its result once: keep
 *       the value. Futures of this library throw {@link IllegalStateException} when polled again
 *       after that, except the fused ones ({@link #fuse()}), which stay pending instead, so that
 *       a {@link Select} loop can skip a branch that finished.
 *   <li><b>Cancel is drop.</b> Whoever owns a future and stops polling it before it finished
 *       calls {@link #cancel()}, which releases what the future holds and, for an async block,
 *       runs its {@code finally} blocks. A cancelled future is never polled again.
 * </ul>
 *
 * <h2>Comparison with {@code java.util.concurrent.Future} and {@code CompletableFuture}</h2>
 * A {@code CompletableFuture} is a promise: the work behind it runs whether or not anybody waits,
 * and cancelling it does not stop that work. A weft future is the work itself: nothing runs
 * until it is polled, and a future that nobody polls any more (and that is cancelled) stops.
 * {@link Futures#fromCompletionStage} and a runtime's {@code JoinHandle.toCompletableFuture()}
 * bridge the two worlds.
 *
 * <p>The simple name is the Rust text's word and clashes with {@code java.util.concurrent.Future}
 * on purpose; import it by single-type import.
 *
 * @param <T> the type of the value
 */
public interface Future<T> {

  /**
   * Tries to make progress. Never blocks.
   *
   * @param cx the context of this poll; a pending future arranges for its waker to be woken
   * @return ready with the value, or pending after arranging for {@code cx.waker()} to be woken
   */
  Poll<T> poll(Context cx);

  /**
   * Stops this future and releases what it holds (timer entries, waiter slots, permits); for an
   * async block parked in {@code await()}, resumes it with
   * {@link java.util.concurrent.CancellationException} there so its {@code finally} blocks run,
   * and cancels the future it was awaiting.
   *
   * <p>Called by the future's owner, on the owner's thread, never concurrently with
   * {@link #poll}. Synchronous and idempotent; does nothing on a completed future. To stop a task
   * from another thread, abort its {@code JoinHandle}.
   */
  default void cancel() {}

  /**
   * Inside an async block: polls this future with the block's context and, while it is pending,
   * suspends the block (not the thread) until it is woken; returns the value.
   *
   * <p>A failure is thrown as it is when unchecked, and wrapped in an {@link AwaitException} (a
   * {@link java.util.concurrent.CompletionException}) when checked; an async block that lets
   * that wrapper escape fails with the original. If the block is cancelled while suspended here,
   * this cancels this future and throws {@link java.util.concurrent.CancellationException}.
   *
   * <p>A future that is ready at the first poll gives its value without suspending, also inside
   * {@code synchronized}. A pending one must not be awaited while the thread holds a monitor:
   * this cancels it and throws instead of suspending (see {@link Async}, "Monitors").
   *
   * @return the value of this future
   * @throws IllegalStateException outside an async block (use {@link Futures#blockOn} from
   *     ordinary code), or when this would suspend inside {@code synchronized} (hold a
   *     {@code dev.weft.sync.Mutex} across an await instead)
   */
  default T await() {
    return AsyncBlock.await(this);
  }

  /**
   * A future of {@code f} applied to this future's value.
   *
   * @param <U> the type of the new value
   * @param f the function applied to the value (not called if this future fails)
   * @return a new future
   */
  default <U> Future<U> map(Function<? super T, ? extends U> f) {
    Objects.requireNonNull(f, "f");
    return new MapFuture<>(this, f);
  }

  /**
   * A future that, once this one gives its value, runs the future {@code f} returns for it.
   *
   * @param <U> the type of the second future's value
   * @param f makes the second future from this one's value
   * @return a new future of the second future's value
   */
  default <U> Future<U> then(Function<? super T, ? extends Future<U>> f) {
    Objects.requireNonNull(f, "f");
    return new ThenFuture<>(this, f);
  }

  /**
   * This future, passing its value to {@code f} on the way.
   *
   * @param f called with the value before it is passed on
   * @return a new future of the same value
   */
  default Future<T> inspect(Consumer<? super T> f) {
    Objects.requireNonNull(f, "f");
    return map(v -> {
      f.accept(v);
      return v;
    });
  }

  /**
   * This future, with a failure turned into a value by {@code f} (which sees the original).
   *
   * @param f turns the failure into a value
   * @return a new future that does not fail unless {@code f} throws
   */
  default Future<T> recover(Function<? super Throwable, ? extends T> f) {
    Objects.requireNonNull(f, "f");
    return new RecoverFuture<>(this, f);
  }

  /**
   * This future, with a failure replaced by what {@code f} returns for it (it sees the original).
   *
   * @param f gives the failure to fail with instead
   * @return a new future
   */
  default Future<T> mapError(Function<? super Throwable, ? extends Throwable> f) {
    Objects.requireNonNull(f, "f");
    return new MapErrorFuture<>(this, f);
  }

  /**
   * A future that never fails: {@link Result.Ok} with the value or {@link Result.Err} with the
   * failure.
   *
   * @return a new future of this future's outcome
   */
  default Future<Result<T>> result() {
    return new ResultFuture<>(this);
  }

  /**
   * A future that stays pending after it completed and says so through
   * {@link FusedFuture#isTerminated()}: for the branches of a {@link Select} loop. It does not
   * give its result twice; awaiting it again after it completed waits forever.
   *
   * @return this future, fused; a future that is already fused is returned as it is
   */
  default FusedFuture<T> fuse() {
    return new FuseFuture<>(this);
  }
}
