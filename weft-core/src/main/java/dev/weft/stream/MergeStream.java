package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.internal.Cancel;
import dev.weft.internal.WakeSet;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * {@link Streams#merge}: the items of every input as they become ready; ends when every input
 * ended.
 *
 * <p>Each input has its own waker ({@link WakeSet}), so a poll polls only the inputs that were
 * woken, plus those that gave an item at their last poll (they may have more without waking
 * anybody). Those go round-robin through {@code queue}: an input that gave an item goes to the
 * back, so one busy input cannot starve the others. An input that fails makes the merge fail;
 * it is cancelled and left out if the merge is polled again.
 */
final class MergeStream<T> extends BaseStream<T> implements IntConsumer {
  private final BaseStream<? extends T>[] inputs; // an entry is null once it ended, failed or was cancelled
  private final WakeSet wakes;
  private final int[] queue;     // ring of input indexes to poll
  private final boolean[] queued;
  private int queueHead;
  private int queueSize;
  private int remaining;

  MergeStream(BaseStream<? extends T>[] inputs) {
    this.inputs = inputs;
    this.wakes = new WakeSet(inputs.length); // every input starts as woken
    this.queue = new int[inputs.length];
    this.queued = new boolean[inputs.length];
    this.remaining = inputs.length;
  }

  @Override
  Object pollRaw(Context cx) {
    wakes.register(cx.waker());
    wakes.drain(this);
    while (queueSize > 0) {
      int i = queue[queueHead];
      queueHead = (queueHead + 1) % queue.length;
      queueSize--;
      queued[i] = false;
      BaseStream<? extends T> s = inputs[i];
      if (s == null) {
        continue;
      }
      Object o;
      try {
        o = s.pollRaw(wakes.context(i));
      } catch (Throwable t) {
        inputs[i] = null;
        remaining--;
        throw Cancel.allThenFail(t, s);
      }
      if (o == END) {
        inputs[i] = null;
        remaining--;
      } else if (o != PENDING) {
        accept(i);
        return o;
      }
    }
    return remaining == 0 ? END : PENDING;
  }

  /** Queues input {@code i} to be polled (it was woken, or it just gave an item). */
  @Override
  public void accept(int i) {
    if (inputs[i] != null && !queued[i]) {
      queued[i] = true;
      queue[(queueHead + queueSize) % queue.length] = i;
      queueSize++;
    }
  }

  @Override
  public void cancel() {
    remaining = 0;
    queueSize = 0;
    Stream<?>[] live = inputs.clone();
    Arrays.fill(inputs, null);
    Cancel.all(live);
  }
}
