package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import java.util.Objects;
import java.util.Optional;

/**
 * Base of the library's streams: one poll answers with a bare object instead of a
 * {@code Poll<Optional<T>>}, so a chain of combinators passes items along without allocating a
 * {@code Poll.Ready} and an {@code Optional} per item per stage.
 *
 * <h2>The raw protocol</h2>
 * {@link #pollRaw} returns the item itself, or {@link #PENDING} (the waker will be woken), or
 * {@link #END}; it fails by throwing. Items are never null, so the two sentinels (private
 * objects no user can hold) cannot be confused with an item. {@link #pollNext} is the public
 * view of the same answer. A stream that is not one of ours is read through
 * {@link ForeignStream}, which converts once at the edge.
 */
abstract class BaseStream<T> implements Stream<T> {
  /** {@link #pollRaw}'s answer for "not ready; the waker will be woken". */
  static final Object PENDING = new Sentinel("PENDING");
  /** {@link #pollRaw}'s answer for "the stream ended". */
  static final Object END = new Sentinel("END");

  private static final Poll<?> READY_END = Poll.ready(Optional.empty());

  /** The next item, {@link #PENDING} or {@link #END}; throws to fail. */
  abstract Object pollRaw(Context cx);

  @Override
  public final Poll<Optional<T>> pollNext(Context cx) {
    return toPoll(pollRaw(cx));
  }

  /** The public form of a raw answer. */
  @SuppressWarnings("unchecked")
  static <T> Poll<Optional<T>> toPoll(Object raw) {
    if (raw == PENDING) {
      return Poll.pending();
    }
    if (raw == END) {
      return (Poll<Optional<T>>) READY_END;
    }
    return Poll.ready(Optional.of((T) raw));
  }

  /**
   * The raw form of a public answer {@code p}, checked: a null {@code Poll} or a ready null is a
   * {@link NullPointerException} naming {@code who}.
   */
  static Object fromPoll(Poll<? extends Optional<?>> p, String who) {
    Objects.requireNonNull(p, () -> who + " returned null instead of a Poll");
    if (!(p instanceof Poll.Ready<? extends Optional<?>> r)) {
      return PENDING;
    }
    Optional<?> o = Objects.requireNonNull(r.value(),
        () -> who + " returned ready(null); the end of a stream is ready(Optional.empty())");
    return o.isPresent() ? o.get() : END;
  }

  /** {@code s} itself when it is one of ours, else an adapter that reads it through pollNext. */
  @SuppressWarnings("unchecked")
  static <T> BaseStream<T> of(Stream<? extends T> s) {
    if (s instanceof BaseStream<?> b) {
      return (BaseStream<T>) b;
    }
    return new ForeignStream<>(s);
  }

  /** True if a raw answer is an item (neither {@link #PENDING} nor {@link #END}). */
  static boolean isItem(Object raw) {
    return raw != PENDING && raw != END;
  }

  @SuppressWarnings("unchecked")
  static <T> T item(Object raw) {
    return (T) raw;
  }

  private record Sentinel(String name) {
    @Override
    public String toString() {
      return name;
    }
  }
}
