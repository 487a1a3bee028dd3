package dev.weft.stream;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Tuple2;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values that become ready one after another, computed only while something polls for them:
 * Rust's {@code Stream}, "like a combination of Future and Iterator".
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li><b>Lazy.</b> Creating a stream, or chaining combinators onto it, runs nothing. Work
 *       happens inside {@link #pollNext}, called by whoever consumes the stream: {@link #next()},
 *       a terminal operation ({@link #fold}, {@link #forEach}, {@link #collectList}, ...), a
 *       combinator that owns it, or a for-loop over {@link #asIterable()} in an async block.
 *   <li><b>Poll never blocks.</b> {@code pollNext} returns ready with the next item, ready with
 *       {@link Optional#empty()} at the end of the stream, or pending after arranging for
 *       {@code cx.waker()} to be woken.
 *   <li><b>Items are non-null.</b> A null where an item is produced (a factory's argument, a
 *       {@link #map} function that returns null, a future of {@link #then} that gives null) is
 *       rejected there with {@link NullPointerException}.
 *   <li><b>Failure is a throw.</b> A stream fails by throwing from {@code pollNext}, the original
 *       exception (checked ones unwrapped). Every terminal operation stops at the first failure,
 *       cancels what it still runs (in-flight futures, the stream itself) and fails with it: the
 *       {@code try_} behaviour of futures-rs is the default.
 *   <li><b>Cancel is drop.</b> Whoever owns a stream and stops polling it before its end calls
 *       {@link #cancel()}, which releases what the stream holds and cancels the futures and
 *       streams inside it. A combinator that stops early on its own ({@link #take},
 *       {@link #takeWhile}, {@link #zip}) cancels the input it will not poll again.
 *   <li><b>After the end</b>, polling a stream again is allowed only for a {@link FusedStream}
 *       ({@link #fuse()}), which keeps giving the end.
 * </ul>
 *
 * <h2>Comparison with {@code java.util.stream.Stream} and {@code Flow.Publisher}</h2>
 * A {@code java.util.stream.Stream} pulls items synchronously: each step may block its thread.
 * A weft stream pulls them asynchronously: a step that is not ready returns pending and the
 * consumer's task is woken later, so a thread is never held while waiting. A
 * {@code Flow.Publisher} pushes items to a subscriber under demand; {@link Streams#fromPublisher}
 * and {@link Streams#toPublisher} convert between the two.
 *
 * <p>The simple name is the Rust text's word and clashes with {@code java.util.stream.Stream} on
 * purpose; import it by single-type import.
 *
 * @param <T> the type of the items
 */
public interface Stream<T> {

  /**
   * Tries to get the next item. Never blocks.
   *
   * @param cx the context of this poll; a pending stream arranges for its waker to be woken
   * @return ready with the item, ready with empty at the end of the stream, or pending after
   *     arranging for {@code cx.waker()} to be woken
   */
  Poll<Optional<T>> pollNext(Context cx);

  /**
   * Stops this stream and releases what it holds, cancelling the futures and streams inside it.
   * Called by the stream's owner, on the owner's thread, never concurrently with
   * {@link #pollNext}; idempotent. A cancelled stream is never polled again.
   */
  default void cancel() {}

  /**
   * A future of the next item: empty at the end of the stream. Each call returns a new future,
   * so a loop {@code while ((item = stream.next().await()).isPresent())} reads the whole stream.
   *
   * <p>Cancel safety: cancelling the returned future before it completed loses no item and
   * leaves the stream as it was (it is not cancelled: the stream belongs to the caller).
   *
   * @return a new future of the next item, or of empty at the end
   */
  default Future<Optional<T>> next() {
    return new NextFuture<>(BaseStream.of(this));
  }

  /**
   * The stream as an {@link Iterable} for a for-loop inside an async block: each step awaits the
   * next item, suspending the block (not the thread) while it is pending.
   *
   * <pre>{@code
   * Future<Integer> sum = async(() -> {
   *   int s = 0;
   *   for (int x : numbers.asIterable()) {
   *     s += x;
   *   }
   *   return s;
   * });
   * }</pre>
   *
   * <p>A failure of the stream is thrown from {@code hasNext()} as {@link Future#await()} throws
   * it. Every iterator continues the same stream.
   *
   * @return an iterable over the rest of this stream
   * @throws IllegalStateException outside an async block: there, use {@link #next()} with
   *     {@code Futures.blockOn}, or a terminal operation
   */
  default Iterable<T> asIterable() {
    if (!Async.inAsync()) {
      throw new IllegalStateException(
          "asIterable() can only be used inside an async block (Async.async(...)), where each step"
              + " awaits the next item; from ordinary code use Futures.blockOn(stream.next()) or a"
              + " terminal operation such as forEach or collectList");
    }
    return new StreamIterable<>(BaseStream.of(this));
  }

  /**
   * Each item through {@code f}; {@code f} returning null is a {@link NullPointerException}.
   *
   * @param <U> the type of the new items
   * @param f the function applied to each item
   * @return a new stream
   */
  default <U> Stream<U> map(Function<? super T, ? extends U> f) {
    Objects.requireNonNull(f, "f");
    return new MapStream<>(BaseStream.of(this), f);
  }

  /**
   * The items for which {@code p} is true.
   *
   * @param p the predicate an item must pass
   * @return a new stream
   */
  default Stream<T> filter(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    return new FilterStream<>(BaseStream.of(this), p);
  }

  /**
   * For each item, the value of the future {@code f} makes of it, one future at a time, in order.
   * Cancelling the stream cancels the future in progress.
   *
   * @param <U> the type of the new items
   * @param f makes a future of each item
   * @return a new stream
   */
  default <U> Stream<U> then(Function<? super T, ? extends Future<U>> f) {
    Objects.requireNonNull(f, "f");
    return new ThenStream<>(BaseStream.of(this), f);
  }

  /**
   * For each item, all the items of the stream {@code f} makes of it, one inner stream after
   * another. Cancelling the stream cancels the inner stream in progress.
   *
   * @param <U> the type of the new items
   * @param f makes a stream of each item
   * @return a new stream
   */
  default <U> Stream<U> flatMap(Function<? super T, ? extends Stream<U>> f) {
    Objects.requireNonNull(f, "f");
    return new FlatMapStream<>(BaseStream.of(this), f);
  }

  /**
   * The first {@code n} items; after the {@code n}th this stream is cancelled (it will not be
   * polled again).
   *
   * @param n how many items to give, not negative
   * @return a new stream
   * @throws IllegalArgumentException if {@code n < 0}
   */
  default Stream<T> take(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("take(n) needs n >= 0, got " + n);
    }
    return new TakeStream<>(BaseStream.of(this), n);
  }

  /**
   * The items after the first {@code n}.
   *
   * @param n how many items to drop, not negative
   * @return a new stream
   * @throws IllegalArgumentException if {@code n < 0}
   */
  default Stream<T> skip(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("skip(n) needs n >= 0, got " + n);
    }
    return new SkipStream<>(BaseStream.of(this), n);
  }

  /**
   * The items up to the first for which {@code p} is false; that item is dropped and this stream
   * is cancelled.
   *
   * @param p the predicate that keeps the stream going while it is true
   * @return a new stream
   */
  default Stream<T> takeWhile(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    return new TakeWhileStream<>(BaseStream.of(this), p);
  }

  /**
   * Pairs of one item of this stream and one of {@code other}; ends when either ends (the other
   * is then cancelled).
   *
   * @param <U> the type of the other stream's items
   * @param other the stream whose items go second in each pair
   * @return a new stream
   */
  default <U> Stream<Tuple2<T, U>> zip(Stream<U> other) {
    Objects.requireNonNull(other, "other");
    return new ZipStream<>(BaseStream.of(this), BaseStream.of(other));
  }

  /**
   * The items of this stream, then those of {@code other}.
   *
   * @param other the stream that follows this one
   * @return a new stream
   */
  default Stream<T> chain(Stream<? extends T> other) {
    Objects.requireNonNull(other, "other");
    return new ChainStream<>(BaseStream.of(this), BaseStream.of(other));
  }

  /**
   * The items in lists of {@code size}, in order; the last list may be shorter. A list is given
   * when it is full (or at the end), never early.
   *
   * @param size the length of each list, at least 1
   * @return a new stream of lists
   * @throws IllegalArgumentException if {@code size < 1}
   */
  default Stream<List<T>> chunks(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("chunks(size) needs size >= 1, got " + size);
    }
    return new ChunksStream<>(BaseStream.of(this), size);
  }

  /**
   * For each item, the value of the future {@code f} makes of it, with up to {@code n} of those
   * futures running at once; the values come in the order of the items. Futures that finished
   * but wait for an earlier one still count toward {@code n}.
   *
   * @param <U> the type of the new items
   * @param n the most futures running at once, at least 1
   * @param f makes a future of each item
   * @return a new stream
   * @throws IllegalArgumentException if {@code n < 1}
   */
  default <U> Stream<U> buffered(int n, Function<? super T, ? extends Future<U>> f) {
    Objects.requireNonNull(f, "f");
    if (n < 1) {
      throw new IllegalArgumentException("buffered(n, f) needs n >= 1, got " + n);
    }
    return new BufferedStream<>(BaseStream.of(this), n, f);
  }

  /**
   * For each item, the value of the future {@code f} makes of it, with up to {@code n} of those
   * futures running at once; the values come in the order the futures finish.
   *
   * @param <U> the type of the new items
   * @param n the most futures running at once, at least 1
   * @param f makes a future of each item
   * @return a new stream
   * @throws IllegalArgumentException if {@code n < 1}
   */
  default <U> Stream<U> bufferUnordered(int n, Function<? super T, ? extends Future<U>> f) {
    Objects.requireNonNull(f, "f");
    if (n < 1) {
      throw new IllegalArgumentException("bufferUnordered(n, f) needs n >= 1, got " + n);
    }
    return new BufferUnorderedStream<>(BaseStream.of(this), n, f);
  }

  /**
   * A future of {@code init} folded with every item: each step is the future {@code f} makes of
   * the accumulator and the item, awaited before the next item is polled. An empty stream gives
   * {@code init}. Stops at the first failure (cancelling the stream) and fails with it.
   *
   * @param <A> the type of the accumulator
   * @param init the first accumulator
   * @param f makes a future of the next accumulator from the accumulator and an item
   * @return a future of the last accumulator
   */
  default <A> Future<A> fold(A init, BiFunction<A, ? super T, ? extends Future<A>> f) {
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(f, "f");
    return new FoldFuture<>(BaseStream.of(this), init, f);
  }

  /**
   * A future that runs {@code f} on every item, in order. Stops at the first failure (cancelling
   * the stream) and fails with it.
   *
   * @param f called with each item
   * @return a future that completes at the end of the stream
   */
  default Future<Void> forEach(Consumer<? super T> f) {
    Objects.requireNonNull(f, "f");
    return new DrainFuture.ForEach<>(BaseStream.of(this), f);
  }

  /**
   * A future that runs the future {@code f} makes of each item, with never more than
   * {@code limit} of them in flight, and completes when the stream ended and all of them
   * finished. At the first failure, of the stream or of a future, it cancels the futures still
   * in flight (their {@code finally} blocks run) and the stream, and fails with it.
   *
   * @param limit the most futures in flight at once, at least 1
   * @param f makes a future of each item
   * @return a future that completes when the stream and every future finished
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  default Future<Void> forEachConcurrent(int limit, Function<? super T, ? extends Future<?>> f) {
    Objects.requireNonNull(f, "f");
    if (limit < 1) {
      throw new IllegalArgumentException("forEachConcurrent(limit, f) needs limit >= 1, got " + limit);
    }
    Stream<Boolean> done = new BufferUnorderedStream<>(BaseStream.of(this), limit,
        item -> Objects.requireNonNull(f.apply(item), "forEachConcurrent(f): f returned null instead of a future")
            .map(ignored -> Boolean.TRUE));
    return new DrainFuture.ForEach<>(BaseStream.of(done), ignored -> { });
  }

  /**
   * A future of every item in an (unmodifiable) list, in order; fails at the first failure.
   *
   * @return a future of the list
   */
  default Future<List<T>> collectList() {
    return new DrainFuture.Collect<>(BaseStream.of(this));
  }

  /**
   * A future of the number of items; fails at the first failure.
   *
   * @return a future of the count
   */
  default Future<Long> count() {
    return new DrainFuture.Count<>(BaseStream.of(this));
  }

  /**
   * This stream, made safe to poll after its end: it keeps giving the end, and says so through
   * {@link FusedStream#isTerminated()}. A failure terminates it too (after cancelling the
   * input). A stream that is already fused is returned as it is.
   *
   * @return this stream, fused
   */
  default FusedStream<T> fuse() {
    if (this instanceof FusedStream<T> fused) {
      return fused;
    }
    return new FuseStream<>(BaseStream.of(this));
  }
}
