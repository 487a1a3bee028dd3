package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;
import dev.weft.stream.Stream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AsyncRead} with a buffer in front of another (tokio's {@code BufReader}): many small
 * reads cost one read of the inner stream, and lines can be read ({@link #readLine()},
 * {@link #lines()}).
 *
 * <p>A read that asks for at least the buffer's capacity while the buffer is empty goes straight
 * to the inner stream. Not thread-safe: one task at a time.
 *
 * <h2>Lines</h2>
 * A line is UTF-8 text ended by {@code \n} or {@code \r\n}, which the line returned does not
 * include; at the end of the stream, bytes after the last terminator make a last line (a
 * {@code \r} alone is not a terminator and stays in it). Malformed UTF-8 becomes U+FFFD, as
 * {@code new String(bytes, UTF_8)} makes it.
 *
 * <p>Reading lines is cancel-safe, unlike tokio's {@code read_line}: the bytes of a line begun
 * and not yet ended are kept in this reader, not in the future, so a {@code readLine()}
 * cancelled midway loses nothing and the next one returns the whole line. A read
 * ({@link #pollRead}) after such a cancel gets those bytes first.
 *
 * <p><b>Memory:</b> there is no bound on the length of a line: the bytes of a line longer than
 * the buffer are gathered in a second array that grows to the line's length (and is let go after
 * a line longer than 64 KiB). To read lines from a peer you do not trust, use
 * {@link Framed} with a {@link LinesCodec}, which has a limit.
 */
public final class BufReader implements AsyncRead {
  private static final int DEFAULT_CAPACITY = 8 * 1024;
  private static final int KEPT_LINE_CAPACITY = 64 * 1024;
  private static final byte[] NO_BYTES = new byte[0];
  private static final Poll<Integer> NONE = Poll.ready(0);
  private static final Poll<Optional<String>> END = Poll.ready(Optional.empty());

  private final AsyncRead inner;
  private final ByteBuffer buf; // read mode: [position, limit) read from inner, not yet consumed
  private byte[] line = NO_BYTES; // a line begun: line[lineStart, lineEnd), before buf's bytes
  private int lineStart;
  private int lineEnd;

  /**
   * A reader with an 8 KiB buffer.
   *
   * @param inner the stream to read from; non-null. From now on read it only through this
   *     reader, which may hold bytes read from it and not yet handed out
   * @throws NullPointerException if {@code inner} is null
   */
  public BufReader(AsyncRead inner) {
    this(inner, DEFAULT_CAPACITY);
  }

  /**
   * A reader with a buffer of {@code capacity} bytes.
   *
   * @param inner the stream to read from; non-null. From now on read it only through this
   *     reader, which may hold bytes read from it and not yet handed out
   * @param capacity the size of the buffer, in bytes; at least 1. Reads into a buffer at least
   *     this large bypass it while it is empty
   * @throws NullPointerException if {@code inner} is null
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public BufReader(AsyncRead inner, int capacity) {
    this.inner = Objects.requireNonNull(inner, "inner");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.buf = ByteBuffer.allocate(capacity).limit(0);
  }

  /**
   * The stream this reader reads from.
   *
   * @return the stream given to the constructor; reading it directly skips the bytes buffered
   *     here
   */
  public AsyncRead inner() {
    return inner;
  }

  /**
   * Reads from what is buffered, or fills the buffer from the inner stream first (or reads
   * straight into {@code dst} when it is at least as large as the buffer and nothing is
   * buffered).
   */
  @Override
  public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
    if (!dst.hasRemaining()) {
      return NONE;
    }
    if (lineStart < lineEnd) { // a line begun by a cancelled readLine comes first
      int n = Math.min(dst.remaining(), lineEnd - lineStart);
      dst.put(line, lineStart, n);
      lineStart += n;
      if (lineStart == lineEnd) {
        lineStart = 0;
        lineEnd = 0;
      }
      return Poll.ready(n);
    }
    if (!buf.hasRemaining()) {
      if (dst.remaining() >= buf.capacity()) {
        return inner.pollRead(cx, dst);
      }
      Poll<Integer> filled = fill(cx);
      if (!filled.isReady() || filled.value() < 0) {
        return filled;
      }
    }
    int n = Math.min(dst.remaining(), buf.remaining());
    int limit = buf.limit();
    buf.limit(buf.position() + n);
    dst.put(buf);
    buf.limit(limit);
    return Poll.ready(n);
  }

  /**
   * A future of the next line, without its terminator; empty at the end of the stream.
   *
   * <p><b>Cancel safety:</b> cancel-safe. The bytes of a partly read line stay buffered in this
   * reader, and the next {@code readLine()} returns the whole line.
   *
   * @return a future of the next line, without its {@code \n} or {@code \r\n}; of empty at the
   *     end of the stream. It fails with {@link java.io.UncheckedIOException} for an I/O
   *     failure of the inner stream
   */
  public Future<Optional<String>> readLine() {
    return new OnceFuture<>() {
      @Override
      protected Poll<Optional<String>> pollOnce(Context cx) {
        return pollLine(cx);
      }

      @Override
      public void cancel() {
        markCompleted();
      }
    };
  }

  /**
   * The lines of the rest of the stream, as {@link #readLine()} reads them. The stream borrows
   * this reader: cancelling it leaves the reader as it is, and the reader can still be used
   * afterwards.
   *
   * <p><b>Cancel safety:</b> its {@code next()} is cancel-safe, as {@link #readLine()} is.
   *
   * @return a stream of the remaining lines, which ends at the end of the inner stream; it
   *     reads through this reader, so use one of the two at a time
   */
  public Stream<String> lines() {
    return this::pollLine;
  }

  /** One poll of a line: ready with it, ready with empty at the end, or pending. */
  Poll<Optional<String>> pollLine(Context cx) {
    for (;;) {
      if (buf.hasRemaining()) {
        int start = buf.position();
        int newline = Bytes.indexOf(buf, start, buf.limit(), (byte) '\n');
        if (newline >= 0) {
          buf.position(newline + 1);
          return Poll.ready(Optional.of(lineEndingAt(start, newline)));
        }
        appendToLine(start, buf.limit());
        buf.position(buf.limit());
      }
      Poll<Integer> filled = fill(cx);
      if (!filled.isReady()) {
        return Poll.pending();
      }
      if (filled.value() < 0) {
        if (lineStart == lineEnd) {
          return END;
        }
        return Poll.ready(Optional.of(takeLine(lineEnd)));
      }
    }
  }

  /** The line whose last bytes are {@code buf[start, newline)}, {@code '\n'} at newline. */
  private String lineEndingAt(int start, int newline) {
    if (lineStart == lineEnd) { // the whole line is in buf: no copy
      int end = newline > start && buf.get(newline - 1) == '\r' ? newline - 1 : newline;
      return Bytes.utf8(buf, start, end - start);
    }
    appendToLine(start, newline);
    int end = line[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    return takeLine(end);
  }

  /** The text of {@code line[lineStart, end)}; empties the line array. */
  private String takeLine(int end) {
    String s = Bytes.utf8(ByteBuffer.wrap(line), lineStart, end - lineStart);
    if (line.length > KEPT_LINE_CAPACITY) {
      line = NO_BYTES;
    }
    lineStart = 0;
    lineEnd = 0;
    return s;
  }

  private void appendToLine(int from, int to) {
    int n = to - from;
    if (n == 0) {
      return;
    }
    if (line.length - lineEnd < n) {
      int held = lineEnd - lineStart;
      int capacity = (int) Math.min(Integer.MAX_VALUE - 8,
          Math.max((long) held + n, Math.max(2L * line.length, buf.capacity())));
      byte[] grown = new byte[capacity];
      System.arraycopy(line, lineStart, grown, 0, held);
      line = grown;
      lineStart = 0;
      lineEnd = held;
    }
    buf.get(from, line, lineEnd, n);
    lineEnd += n;
  }

  /** Refills the empty buffer from the inner stream; its poll, whatever it was. */
  private Poll<Integer> fill(Context cx) {
    buf.clear();
    Poll<Integer> p;
    try {
      p = inner.pollRead(cx, buf);
    } finally {
      buf.flip();
    }
    if (p.isReady() && p.value() == 0) {
      throw IoErrors.zeroRead(inner);
    }
    return p;
  }

  @Override
  public String toString() {
    return "BufReader[" + inner + ", " + (buf.remaining() + lineEnd - lineStart) + " bytes buffered"
        + (lineEnd > 0 ? " (" + (lineEnd - lineStart) + " of a line begun)" : "") + "]";
  }

  /** Bytes read from the inner stream and not handed out yet (for tests). */
  int buffered() {
    return buf.remaining() + lineEnd - lineStart;
  }

  /** The length of the array that gathers a long line (for tests). */
  int lineCapacity() {
    return line.length;
  }
}
