package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@link Stream#asIterable}: each {@code hasNext()} awaits the next item inside the running
 * async block. One small future per iterator is polled again for every item (it is never handed
 * out, so the rule that a completed future is not polled again does not apply to it). It leaves
 * the item in a field and answers with one shared ready poll, so a step allocates nothing.
 */
final class StreamIterable<T> implements Iterable<T> {
  private final BaseStream<T> stream;

  StreamIterable(BaseStream<T> stream) {
    this.stream = stream;
  }

  @Override
  public Iterator<T> iterator() {
    return new Steps<>(stream);
  }

  private static final class Steps<T> implements Iterator<T>, Future<Object> {
    private static final Poll<Object> STEPPED = Poll.ready(null);

    private final BaseStream<T> stream;
    private Object lookahead; // an item, END, or null when the next step was not awaited yet

    Steps(BaseStream<T> stream) {
      this.stream = stream;
    }

    /** One step: the item or END goes to {@code lookahead}. */
    @Override
    public Poll<Object> poll(Context cx) {
      Object o = stream.pollRaw(cx);
      if (o == BaseStream.PENDING) {
        return Poll.pending();
      }
      lookahead = o;
      return STEPPED;
    }

    @Override
    public boolean hasNext() {
      if (lookahead == null) {
        await();
      }
      return lookahead != BaseStream.END;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the stream ended");
      }
      T item = BaseStream.item(lookahead);
      lookahead = null;
      return item;
    }
  }
}
