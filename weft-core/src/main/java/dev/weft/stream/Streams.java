package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Tuple2;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Making streams: futures-rs's {@code stream} module, and the bridges to
 * {@link java.util.concurrent.Flow}.
 *
 * <p>Every factory checks its arguments at the call (a null argument, or a null among the items
 * of {@link #of} or of a {@link Collection} given to {@link #fromIterable}, throws
 * {@link NullPointerException} at once, naming the argument or the item's index) and returns a
 * lazy stream: nothing runs until it is polled.
 */
public final class Streams {
  private Streams() {}

  /** How many items {@link #fromPublisher(Flow.Publisher)} requests at a time. */
  public static final int DEFAULT_BATCH = 64;

  /**
   * A stream that ends at once.
   *
   * @param <T> the type of the items it never gives
   * @return a new stream
   */
  @SuppressWarnings("unchecked")
  public static <T> Stream<T> empty() {
    return (Stream<T>) EmptyStream.INSTANCE;
  }

  /**
   * A stream of {@code items}, in order (the array is copied).
   *
   * @param <T> the type of the items
   * @param items the items, none of them null
   * @return a new stream
   * @throws NullPointerException naming the index of a null item
   */
  @SafeVarargs
  public static <T> Stream<T> of(T... items) {
    Objects.requireNonNull(items, "items");
    for (int i = 0; i < items.length; i++) {
      IterableStream.checkItem(items[i], "Streams.of", i);
    }
    return new IterableStream<>(List.of(items));
  }

  /**
   * A stream of the items of {@code items}, in its iteration order; the iterator is made at the
   * first poll. A null item is rejected with a {@link NullPointerException} naming its index: at
   * the call for a {@link Collection}, else at the poll that meets it.
   *
   * @param <T> the type of the items
   * @param items the source of the items
   * @return a new stream
   */
  public static <T> Stream<T> fromIterable(Iterable<? extends T> items) {
    Objects.requireNonNull(items, "items");
    if (items instanceof Collection<?> c) {
      int i = 0;
      for (Object o : c) {
        IterableStream.checkItem(o, "Streams.fromIterable", i++);
      }
    }
    return new IterableStream<>(items);
  }

  /**
   * A stream of the one value of {@code f}; cancelling the stream cancels {@code f}.
   *
   * @param <T> the type of the value
   * @param f the future whose value is the stream's one item
   * @return a new stream
   */
  public static <T> Stream<T> once(Future<T> f) {
    Objects.requireNonNull(f, "f");
    return new OnceStream<>(f);
  }

  /**
   * A stream computed from a state: {@code f} makes a future of the next item and the next state,
   * or of empty at the end. One step runs at a time; cancelling the stream cancels it.
   *
   * <pre>{@code
   * Stream<Integer> countdown = Streams.unfold(3, n -> Futures.ready(
   *     n == 0 ? Optional.empty() : Optional.of(new Tuple2<>(n, n - 1))));   // 3, 2, 1
   * }</pre>
   *
   * @param <S> the type of the state
   * @param <T> the type of the items
   * @param seed the first state
   * @param f makes a future of the next item and state, or of empty at the end
   * @return a new stream
   */
  public static <S, T> Stream<T> unfold(S seed, Function<? super S, ? extends Future<Optional<Tuple2<T, S>>>> f) {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(f, "f");
    return new UnfoldStream<>(seed, f);
  }

  /**
   * A stream whose {@code pollNext} is {@code f}: for writing a small stream without a class.
   *
   * @param <T> the type of the items
   * @param f called with the context of each poll; it returns the poll's answer
   * @return a new stream
   */
  public static <T> Stream<T> pollFn(Function<Context, Poll<Optional<T>>> f) {
    Objects.requireNonNull(f, "f");
    return new PollFnStream<>(f);
  }

  /**
   * The items of all {@code streams}, interleaved as they become ready; ends when every one
   * ended. A poll polls only the inputs that were woken (or that just gave an item), round-robin.
   * The merge fails when an input fails; cancelling it cancels every input still running.
   *
   * @param <T> the type of the items
   * @param streams the inputs
   * @return a new stream
   */
  public static <T> Stream<T> merge(List<? extends Stream<? extends T>> streams) {
    Objects.requireNonNull(streams, "streams");
    @SuppressWarnings("unchecked")
    BaseStream<? extends T>[] inputs = new BaseStream[streams.size()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = BaseStream.of(Objects.requireNonNull(streams.get(i), "stream " + i));
    }
    return new MergeStream<>(inputs);
  }

  /**
   * A stream of what {@code p} publishes, with back-pressure: it subscribes at its first poll,
   * requests {@value #DEFAULT_BATCH} items up front and as many as half of that again each time
   * it has handed on half. {@code onError} fails the stream with that failure;
   * {@code onComplete} ends it. Cancelling the stream cancels the subscription.
   *
   * @param <T> the type of the items
   * @param p the publisher
   * @return a new stream
   */
  public static <T> Stream<T> fromPublisher(Flow.Publisher<? extends T> p) {
    return fromPublisher(p, DEFAULT_BATCH);
  }

  /**
   * {@link #fromPublisher(Flow.Publisher)} requesting {@code batch} items at a time (and
   * {@code batch / 2} more each time half was handed on).
   *
   * @param <T> the type of the items
   * @param p the publisher
   * @param batch how many items to request up front, at least 1
   * @return a new stream
   * @throws IllegalArgumentException if {@code batch < 1}
   */
  public static <T> Stream<T> fromPublisher(Flow.Publisher<? extends T> p, int batch) {
    Objects.requireNonNull(p, "p");
    if (batch < 1) {
      throw new IllegalArgumentException("fromPublisher needs batch >= 1, got " + batch);
    }
    return new PublisherStream<>(p, batch);
  }

  /**
   * A {@link Flow.Publisher} of {@code s}, polling it on {@code where}. It passes the Reactive
   * Streams TCK: signals are serial, demand is honoured (at most one item is computed ahead of
   * it, so the end and a failure come without waiting for demand), {@code onError} carries the
   * stream's failure as it is, {@code onComplete} comes at the end, and cancelling the
   * subscription cancels the stream. Unicast: a second subscriber gets {@code onError} with an
   * {@link IllegalStateException}.
   *
   * <p>A subscriber that throws from a signal, which Reactive Streams forbids, gets no signal
   * more, a stream that has not ended is cancelled, and the throwable is logged on the
   * {@link System.Logger} {@code dev.weft.stream}. An {@link Error} is then thrown on: out of
   * the task on {@code where}, so the thread's uncaught-exception handler sees it (a direct
   * executor throws it to whoever called {@code request} or {@code subscribe}), or out of
   * {@code subscribe} when it came from {@code onSubscribe}.
   *
   * @param <T> the type of the items
   * @param s the stream to publish
   * @param where the executor that polls the stream
   * @return a new publisher
   */
  public static <T> Flow.Publisher<T> toPublisher(Stream<T> s, Executor where) {
    Objects.requireNonNull(s, "s");
    Objects.requireNonNull(where, "where");
    return new StreamPublisher<>(BaseStream.of(s), where);
  }
}
