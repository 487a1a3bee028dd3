package dev.weft.stream;

import dev.weft.future.Context;
import java.util.Iterator;
import java.util.Objects;

/**
 * {@link Streams#fromIterable} and {@link Streams#of}: the iterator is made at the first poll
 * and dropped at the end or on cancel; every poll is ready.
 */
final class IterableStream<T> extends BaseStream<T> {
  private Iterable<? extends T> source; // null once the iterator is made
  private Iterator<? extends T> it;     // null before the first poll and after the end
  private boolean done;
  private int index;                    // of the next item, for the message about a null one

  IterableStream(Iterable<? extends T> source) {
    this.source = source;
  }

  @Override
  Object pollRaw(Context cx) {
    Iterator<? extends T> i = it;
    if (i == null) {
      if (done) {
        return END;
      }
      i = Objects.requireNonNull(source.iterator(),
          "Streams.fromIterable: iterator() returned null");
      it = i;
      source = null;
    }
    if (!i.hasNext()) {
      it = null;
      done = true;
      return END;
    }
    return checkItem(i.next(), "Streams.fromIterable", index++);
  }

  /** {@code item}, or a {@link NullPointerException} naming {@code who} and the item's index. */
  static <T> T checkItem(T item, String who, int index) {
    if (item == null) {
      throw new NullPointerException(
          who + ": item " + index + " is null; stream items are non-null");
    }
    return item;
  }

  @Override
  public void cancel() {
    done = true;
    it = null;
    source = null;
  }
}
