package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import java.nio.ByteBuffer;

/**
 * One direction of a copy: reads from {@code reader} into one 8 KiB buffer and writes it to
 * {@code writer} until the reader ends, then flushes (tokio's {@code CopyBuffer}). Used by
 * {@link Io#copy} and by each direction of {@link Io#copyBidirectional}.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>The buffer holds {@code bytes[start, end)} read and not yet written. Each round reads
 *       once if the buffer has room (even with bytes left to write from a round the writer made
 *       wait, so the next write is larger), then writes until the buffer is empty; then it
 *       starts again at 0.
 *   <li>Whenever the reader would wait with nothing left to write, the writer is flushed if it
 *       took bytes since the last flush: bytes do not sit in a buffered writer while the copy
 *       waits for input.
 *   <li>{@link #copied()} counts bytes the writer took, not bytes read.
 *   <li>Each round of the loop takes one unit of the cooperative budget (given back when the
 *       round ends pending), so a copy between two always-ready ends still lets other tasks
 *       run.
 * </ol>
 */
final class CopyBuffer {
  static final int SIZE = 8 * 1024;

  private final AsyncRead reader;
  private final AsyncWrite writer;
  private ByteBuffer fill;   // over the array, for reading into [end, SIZE)
  private ByteBuffer drain;  // over the same array, for writing out [start, end)
  private int start;
  private int end;
  private boolean readDone;
  private boolean needFlush;
  private boolean done;
  private long copied;

  CopyBuffer(AsyncRead reader, AsyncWrite writer) {
    this.reader = reader;
    this.writer = writer;
  }

  /** Bytes the writer took so far. */
  long copied() {
    return copied;
  }

  /** The writer this direction writes to. */
  AsyncWrite writer() {
    return writer;
  }

  /** Drops the buffer; the copy is never polled again. */
  void release() {
    fill = null;
    drain = null;
  }

  /**
   * Moves the copy on; true once the reader ended and every byte read was written and flushed.
   * False means pending: the wakers of the reader, the writer or the budget will wake {@code cx}.
   */
  boolean poll(Context cx) {
    if (done) {
      return true;
    }
    if (fill == null) {
      byte[] array = new byte[SIZE];
      fill = ByteBuffer.wrap(array);
      drain = ByteBuffer.wrap(array);
    }
    for (;;) {
      if (!Coop.proceed(cx)) {
        return false; // rule 4
      }
      if (!readDone && end < SIZE) {
        fill.limit(SIZE).position(end);
        Poll<Integer> r = reader.pollRead(cx, fill);
        if (r.isReady()) {
          int n = r.value();
          if (n < 0) {
            readDone = true;
          } else if (n == 0) {
            throw IoErrors.zeroRead(reader);
          } else {
            end += n;
          }
        } else if (start == end) {
          // The reader waits and there is nothing to write: flush (rule 2), then wait.
          if (needFlush && writer.pollFlush(cx).isReady()) {
            needFlush = false;
          }
          Coop.refund();
          return false;
        }
      }
      while (start < end) {
        drain.limit(end).position(start);
        Poll<Integer> w = writer.pollWrite(cx, drain);
        if (!w.isReady()) {
          Coop.refund();
          return false;
        }
        int n = w.value();
        if (n <= 0) {
          throw IoErrors.writeZero(writer);
        }
        start += n;
        copied += n;
        needFlush = true;
      }
      start = 0;
      end = 0;
      if (readDone) {
        if (!writer.pollFlush(cx).isReady()) {
          Coop.refund();
          return false;
        }
        done = true;
        release();
        return true;
      }
    }
  }
}
