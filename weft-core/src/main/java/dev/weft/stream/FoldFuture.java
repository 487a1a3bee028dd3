package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Cancel;
import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * {@link Stream#fold}: the accumulator through one future per item, each awaited before the
 * next item is polled. At the first failure (of the stream, of {@code f}, or of a step's
 * future) it cancels what it holds and fails with it.
 */
final class FoldFuture<T, A> extends OnceFuture<A> {
  private final BaseStream<T> stream;
  private final BiFunction<A, ? super T, ? extends Future<A>> f;
  private A acc;
  private Future<A> step; // the step in progress, or null

  FoldFuture(BaseStream<T> stream, A init, BiFunction<A, ? super T, ? extends Future<A>> f) {
    this.stream = stream;
    this.acc = init;
    this.f = f;
  }

  @Override
  public String describe() {
    return "fold(" + Describe.nameOf(stream) + ")";
  }

  @Override
  protected Poll<A> pollOnce(Context cx) {
    try {
      Future<A> s = step;
      for (;;) {
        if (s == null) {
          Object o = stream.pollRaw(cx);
          if (o == BaseStream.PENDING) {
            return Poll.pending();
          }
          if (o == BaseStream.END) {
            A result = acc;
            acc = null;
            return Poll.ready(result);
          }
          s = Objects.requireNonNull(f.apply(acc, BaseStream.item(o)), "fold(f): f returned null instead of a future");
        }
        // The step is kept in a local while it is ready at once, so the JIT may drop it.
        Poll<A> p = s.poll(cx);
        if (!(p instanceof Poll.Ready<A> r)) {
          step = s;
          return Poll.pending();
        }
        acc = Objects.requireNonNull(r.value(), "fold: a step's future gave null");
        s = null;
        step = null;
      }
    } catch (Throwable t) {
      // What threw (the stream, f, or a step) is done with; the stream is cancelled all the same.
      step = null;
      acc = null;
      throw Cancel.allThenFail(t, stream);
    }
  }

  @Override
  public void cancel() {
    if (!isCompleted()) {
      markCompleted();
      Future<A> s = step;
      step = null;
      acc = null;
      Cancel.throwIfAny(Cancel.gather(Cancel.gather(null, s), stream));
    }
  }
}
