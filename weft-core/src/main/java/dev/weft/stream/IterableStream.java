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
      i = Objects.requireNonNull(source.iterator(), "fromIterable: iterator() returned null");
      it = i;
      source = null;
    }
    if (!i.hasNext()) {
      it = null;
      done = true;
      return END;
    }
    return Objects.requireNonNull(i.next(), "fromIterable: the iterable gave a null item; stream items are non-null");
  }

  @Override
  public void cancel() {
    done = true;
    it = null;
    source = null;
  }
}
