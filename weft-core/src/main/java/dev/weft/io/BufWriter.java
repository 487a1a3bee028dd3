package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An {@link AsyncWrite} with a buffer in front of another (tokio's {@code BufWriter}): many small
 * writes cost one write of the inner stream.
 *
 * <ul>
 *   <li>A write that fits in the buffer is copied into it and is ready at once.
 *   <li>A write that does not fit first writes the buffer out to the inner stream; then, if it
 *       is at least as large as the buffer, it goes straight to the inner stream, else into the
 *       emptied buffer.
 *   <li>{@link #pollFlush} writes the buffer out, then flushes the inner stream;
 *       {@link #pollShutdown} writes the buffer out, then shuts the inner stream down.
 * </ul>
 *
 * <p>Bytes in the buffer reach the inner stream only by a flush, a shutdown or a write that does
 * not fit: flush before you wait for an answer. Not thread-safe: one task at a time. The
 * inherited futures state their cancel safety where they are declared; a cancelled flush leaves
 * what it did not write out in the buffer.
 */
public final class BufWriter implements AsyncWrite {
  private static final int DEFAULT_CAPACITY = 8 * 1024;
  private static final Poll<Integer> NONE = Poll.ready(0);

  private final AsyncWrite inner;
  private final byte[] bytes;
  private final ByteBuffer drain; // over bytes, for writing [written, filled) out
  private int written;            // bytes of the buffer already written out
  private int filled;             // bytes in the buffer

  /**
   * A writer with an 8 KiB buffer.
   *
   * @param inner the stream to write to; non-null. From now on write it only through this
   *     writer, which may hold bytes not yet written to it
   * @throws NullPointerException if {@code inner} is null
   */
  public BufWriter(AsyncWrite inner) {
    this(inner, DEFAULT_CAPACITY);
  }

  /**
   * A writer with a buffer of {@code capacity} bytes.
   *
   * @param inner the stream to write to; non-null. From now on write it only through this
   *     writer, which may hold bytes not yet written to it
   * @param capacity the size of the buffer, in bytes; at least 1. A write at least this large
   *     goes straight to the inner stream, after the buffer is written out
   * @throws NullPointerException if {@code inner} is null
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public BufWriter(AsyncWrite inner, int capacity) {
    this.inner = Objects.requireNonNull(inner, "inner");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.bytes = new byte[capacity];
    this.drain = ByteBuffer.wrap(bytes);
  }

  /**
   * The stream this writer writes to.
   *
   * @return the stream given to the constructor; a write to it directly goes ahead of the bytes
   *     buffered here
   */
  public AsyncWrite inner() {
    return inner;
  }

  @Override
  public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
    int n = src.remaining();
    if (n == 0) {
      return NONE;
    }
    if (filled + n > bytes.length && !pollWriteOut(cx)) {
      return Poll.pending();
    }
    if (n >= bytes.length) {
      return inner.pollWrite(cx, src);
    }
    src.get(bytes, filled, n);
    filled += n;
    return Poll.ready(n);
  }

  @Override
  public Poll<Void> pollFlush(Context cx) {
    if (!pollWriteOut(cx)) {
      return Poll.pending();
    }
    return inner.pollFlush(cx);
  }

  @Override
  public Poll<Void> pollShutdown(Context cx) {
    if (!pollWriteOut(cx)) {
      return Poll.pending();
    }
    return inner.pollShutdown(cx);
  }

  /** Writes the buffer out to the inner stream; true once it is empty. */
  private boolean pollWriteOut(Context cx) {
    while (written < filled) {
      drain.limit(filled).position(written);
      Poll<Integer> w = inner.pollWrite(cx, drain);
      if (!w.isReady()) {
        return false;
      }
      if (w.value() <= 0) {
        throw IoErrors.writeZero(inner);
      }
      written += w.value();
    }
    written = 0;
    filled = 0;
    return true;
  }

  /** Bytes in the buffer, not yet written to the inner stream (for tests). */
  int buffered() {
    return filled - written;
  }

  @Override
  public String toString() {
    return "BufWriter[" + inner + ", " + buffered() + " bytes buffered]";
  }
}
