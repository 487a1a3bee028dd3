package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import java.util.Arrays;
import java.util.function.Function;

/**
 * {@link Stream#buffered}: up to {@code limit} futures at once, values in the order of the
 * items. A value that finishes before an earlier one waits in {@code window}, a ring indexed by
 * the item's position modulo its length. The ring starts small and doubles (up to {@code limit})
 * when a value lands too far ahead of the next position to give, so a huge limit costs nothing
 * until that many futures really run; the open positions always fit, so they never collide.
 * Finished-but-waiting futures count toward the limit (as futures-rs's {@code Buffered} counts
 * the outputs its {@code FuturesOrdered} holds).
 */
final class BufferedStream<T, U> extends RunningStage<T, U> {
  private static final int FIRST_WINDOW = 16;

  private Object[] window;
  private long nextOut; // the position of the next value to give

  BufferedStream(BaseStream<T> up, int limit, Function<? super T, ? extends Future<U>> f) {
    super(up, limit, f, "buffered");
    this.window = new Object[Math.min(limit, FIRST_WINDOW)];
  }

  @Override
  long inFlight() {
    return started() - nextOut;
  }

  @Override
  Object pollRaw(Context cx) {
    fill(cx);
    for (;;) {
      int head = (int) (nextOut % window.length);
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
      Object value = FuturesUnordered.item(n);
      if (n.tag - nextOut >= window.length) {
        grow(n.tag - nextOut + 1);
      }
      window[(int) (n.tag % window.length)] = value;
    }
  }

  /**
   * Makes the ring long enough for {@code needed} positions from {@code nextOut} on (never more
   * than {@code limit}, which bounds the open positions), keeping each waiting value.
   */
  private void grow(long needed) {
    long length = window.length;
    while (length < needed) {
      length *= 2;
    }
    Object[] old = window;
    Object[] bigger = new Object[(int) Math.min(length, limit)];
    for (int i = 0; i < old.length; i++) {
      long position = nextOut + i;
      bigger[(int) (position % bigger.length)] = old[(int) (position % old.length)];
    }
    window = bigger;
  }

  @Override
  public void cancel() {
    Arrays.fill(window, null);
    super.cancel();
  }
}
