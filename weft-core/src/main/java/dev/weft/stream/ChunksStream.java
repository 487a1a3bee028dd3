package dev.weft.stream;

import dev.weft.future.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link Stream#chunks}: lists of {@code size} items; at the end, the items left over as a shorter
 * list. While the input is pending the items gathered so far wait (futures-rs's {@code chunks},
 * not {@code ready_chunks}).
 */
final class ChunksStream<T> extends StageStream<T, List<T>> {
  private final int size;
  private ArrayList<T> buffer;
  // True once the input gave its end: the short last list is an item, so the consumer polls
  // again, and that poll must answer the end without polling an input that has ended.
  private boolean inputEnded;

  ChunksStream(BaseStream<T> up, int size) {
    super(up);
    this.size = size;
  }

  @Override
  Object pollRaw(Context cx) {
    if (inputEnded) {
      return END;
    }
    for (;;) {
      Object o = up.pollRaw(cx);
      if (o == PENDING) {
        return o;
      }
      if (o == END) {
        inputEnded = true;
        return buffer == null ? END : emit();
      }
      if (buffer == null) {
        buffer = new ArrayList<>(Math.min(size, 1024));
      }
      buffer.add(item(o));
      if (buffer.size() == size) {
        return emit();
      }
    }
  }

  private List<T> emit() {
    List<T> chunk = Collections.unmodifiableList(buffer);
    buffer = null;
    return chunk;
  }

  @Override
  public void cancel() {
    buffer = null;
    up.cancel();
  }
}
