package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.Cancel;
import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A terminal operation that reads its stream to the end, handing each item to {@link #accept}:
 * {@code forEach}, {@code collectList}, {@code count} (and {@code forEachConcurrent}, a forEach
 * over a {@code bufferUnordered}). At the first failure it cancels the stream (and so whatever
 * the stream still runs) and fails with it.
 */
abstract class DrainFuture<T, R> extends OnceFuture<R> {
  private final BaseStream<T> stream;

  DrainFuture(BaseStream<T> stream) {
    this.stream = stream;
  }

  @Override
  public String describe() {
    return Describe.nameOf(this).toLowerCase(java.util.Locale.ROOT) + "("
        + Describe.nameOf(stream) + ")";
  }

  abstract void accept(T item);

  abstract R outcome();

  @Override
  protected final Poll<R> pollOnce(Context cx) {
    try {
      for (;;) {
        Object o = stream.pollRaw(cx);
        if (o == BaseStream.PENDING) {
          return Poll.pending();
        }
        if (o == BaseStream.END) {
          return Poll.ready(outcome());
        }
        accept(BaseStream.item(o));
      }
    } catch (Throwable t) {
      throw Cancel.allThenFail(t, stream);
    }
  }

  @Override
  public final void cancel() {
    if (!isCompleted()) {
      markCompleted();
      stream.cancel();
    }
  }

  /** {@link Stream#forEach}. */
  static final class ForEach<T> extends DrainFuture<T, Void> {
    private final Consumer<? super T> f;

    ForEach(BaseStream<T> stream, Consumer<? super T> f) {
      super(stream);
      this.f = f;
    }

    @Override
    void accept(T item) {
      f.accept(item);
    }

    @Override
    Void outcome() {
      return null;
    }
  }

  /** {@link Stream#collectList}. */
  static final class Collect<T> extends DrainFuture<T, List<T>> {
    private final ArrayList<T> items = new ArrayList<>();

    Collect(BaseStream<T> stream) {
      super(stream);
    }

    @Override
    void accept(T item) {
      items.add(item);
    }

    @Override
    List<T> outcome() {
      return Collections.unmodifiableList(items);
    }
  }

  /** {@link Stream#count}. */
  static final class Count<T> extends DrainFuture<T, Long> {
    private long n;

    Count(BaseStream<T> stream) {
      super(stream);
    }

    @Override
    void accept(T item) {
      n++;
    }

    @Override
    Long outcome() {
      return n;
    }
  }
}
