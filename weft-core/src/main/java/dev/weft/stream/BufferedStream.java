package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import java.util.Arrays;
import java.util.function.Function;

/**
 * {@link Stream#buffered}: up to {@code limit} futures at once, values in the order of the
 * items. A value that finishes before an earlier one waits in {@code window}, a ring indexed by
 * the item's position modulo {@code limit}: at most {@code limit} positions are open at a time,
 * so they never collide. Finished-but-waiting futures count toward the limit (as futures-rs's
 * {@code Buffered} counts the outputs its {@code FuturesOrdered} holds).
 */
final class BufferedStream<T, U> extends RunningStage<T, U> {
  private final Object[] window;
  private long nextOut; // the position of the next value to give

  BufferedStream(BaseStream<T> up, int limit, Function<? super T, ? extends Future<U>> f) {
    super(up, limit, f, "buffered");
    this.window = new Object[limit];
  }

  @Override
  long inFlight() {
    return started() - nextOut;
  }

  @Override
  Object pollRaw(Context cx) {
    fill(cx);
    for (;;) {
      int head = (int) (nextOut % limit);
      Object v = window[head];
      if (v != null) {
        window[head] = null;
        nextOut++;
        return v;
      }
      if (started() == nextOut) { // nothing open: the input ended or is pending (after fill)
        return inputDone ? END : PENDING;
      }
      Object r = running.pollRaw(cx);
      if (r == END) {
        // Nothing runs, yet position nextOut has no value: its future failed (that failure was
        // thrown by an earlier poll). A caller that polls on after a failure gets the rest.
        nextOut++;
        continue;
      }
      if (!(r instanceof FuturesUnordered.Node<?> n)) {
        return PENDING;
      }
      window[(int) (n.tag % limit)] = FuturesUnordered.item(n);
    }
  }

  @Override
  public void cancel() {
    Arrays.fill(window, null);
    super.cancel();
  }
}
