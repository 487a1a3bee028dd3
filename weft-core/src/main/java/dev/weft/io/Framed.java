package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Failures;
import dev.weft.internal.OnceFuture;
import dev.weft.stream.Stream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A byte stream seen as a stream of frames read and a sink of frames written, through a
 * {@link Codec} (tokio-util's {@code Framed}).
 *
 * <pre>{@code
 * try (Framed<String, String> lines = Framed.of(socket, new LinesCodec())) {
 *   lines.send("HELLO").await();
 *   for (String line : lines.asIterable()) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <h2>Reading</h2>
 * {@link #next()} and {@link #pollNext} decode a frame from the bytes read and not yet framed,
 * and read more when the codec needs more. At the end of the byte stream the codec's
 * {@link Decoder#decodeEof} gives the last frames; then the stream ends, and {@code next()} keeps
 * giving empty. A {@link CorruptFrameException} ends it too: it is thrown, and every later
 * {@code next()} throws the same exception again. Reading is cancel-safe: the bytes of a partial
 * frame stay buffered here for the next call.
 *
 * <h2>Writing</h2>
 * {@link #feed} encodes a frame into the write buffer; {@link #flush} writes the buffer out and
 * flushes the stream; {@link #send} is {@code feed} then {@code flush}. {@code feed} writes out by
 * itself only when more than 64 KiB are buffered, so a burst of frames costs few writes: feed
 * them, then flush once.
 *
 * <h2>Closing</h2>
 * {@link #close()} (and {@link #cancel()}, the same) closes the stream(s) it wraps if they are
 * {@link AutoCloseable}; it is idempotent and does not flush: flush first. Afterwards every
 * operation fails with {@link UncheckedIOException} whose cause is a
 * {@link java.nio.channels.ClosedChannelException}.
 *
 * <p>Not thread-safe: one task at a time (reading and writing from two tasks at once needs two
 * streams, such as the halves of a split socket, and a {@code Framed} on each).
 *
 * <h2>Implementation overview</h2>
 * The read buffer is one heap {@link ByteBuffer} kept in read mode (the bytes from its position
 * to its limit are read and not yet framed). Bytes are read after the limit; when little room
 * is left there, the unframed bytes (a partial frame) move to the front, and only if they fill
 * the whole buffer (one frame larger than it) does it double. The write buffer is one
 * {@link WriteBuffer} for the life of the stream. So once the buffers are large enough for the
 * frames, framing allocates only the frames themselves (and the {@code Optional} and
 * {@code Poll} around each one read).
 *
 * @param <I> the frames read
 * @param <O> the frames written
 */
public final class Framed<I, O> implements Stream<I>, AutoCloseable {
  static final int INITIAL_READ_CAPACITY = 8 * 1024;
  static final int INITIAL_WRITE_CAPACITY = 8 * 1024;
  /** Below this much room after the unframed bytes, they move to the front before a read. */
  private static final int MIN_READ_ROOM = 1024;
  /** {@link #feed} writes out by itself only above this many buffered bytes. */
  static final int FEED_BOUNDARY = 64 * 1024;

  private static final Poll<Void> DONE = Poll.ready(null);

  private final AsyncRead in;
  private final AsyncWrite out;
  private final Codec<I, O> codec;
  private ByteBuffer readBuf = ByteBuffer.allocate(INITIAL_READ_CAPACITY).limit(0);
  private final WriteBuffer writeBuf = new WriteBuffer(INITIAL_WRITE_CAPACITY);
  private boolean eof;          // the byte stream ended: decodeEof from now on
  private boolean ended;        // decodeEof gave empty: the stream of frames ended
  private CorruptFrameException corrupt; // thrown by the decoder: thrown again from now on
  private boolean closed;

  private Framed(AsyncRead in, AsyncWrite out, Codec<I, O> codec) {
    this.in = in;
    this.out = out;
    this.codec = codec;
  }

  /**
   * Frames read from {@code in} and written to {@code out} through {@code codec}.
   *
   * @param <I> the frames read
   * @param <O> the frames written
   * @param in the stream frames are read from; non-null. The {@code Framed} owns it from now
   *     on: read it only through the {@code Framed} (which buffers bytes not yet framed), and
   *     {@link #close()} closes it if it is {@link AutoCloseable}
   * @param out the stream frames are written to; non-null, owned by the {@code Framed} as
   *     {@code in} is (it may be the same object: it is then closed once)
   * @param codec the decoder and encoder of the frames; non-null, and used by this stream only
   *     (a decoder may keep state between calls)
   * @return a new stream of frames with empty buffers
   * @throws NullPointerException if an argument is null
   */
  public static <I, O> Framed<I, O> of(AsyncRead in, AsyncWrite out, Codec<I, O> codec) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(codec, "codec");
    return new Framed<>(in, out, codec);
  }

  /**
   * Frames read from and written to {@code io} through {@code codec}.
   *
   * @param <S> the type of a stream that both reads and writes, such as a socket or a
   *     {@link DuplexStream}
   * @param <I> the frames read
   * @param <O> the frames written
   * @param io the stream frames are read from and written to; non-null. The {@code Framed}
   *     owns it from now on: use it only through the {@code Framed} (which buffers bytes both
   *     ways), and {@link #close()} closes it if it is {@link AutoCloseable}
   * @param codec the decoder and encoder of the frames; non-null, and used by this stream only
   *     (a decoder may keep state between calls)
   * @return a new stream of frames with empty buffers
   * @throws NullPointerException if an argument is null
   */
  public static <S extends AsyncRead & AsyncWrite, I, O> Framed<I, O> of(S io, Codec<I, O> codec) {
    Objects.requireNonNull(io, "io");
    Objects.requireNonNull(codec, "codec");
    return new Framed<>(io, io, codec);
  }

  /**
   * The codec of this stream.
   *
   * @return the codec given to {@code of}, which this stream still uses
   */
  public Codec<I, O> codec() {
    return codec;
  }

  // ---- reading ----

  /**
   * The next frame: ready with it, ready with empty once the stream ended, or pending.
   *
   * @throws CorruptFrameException from the codec, and again on every later poll
   * @throws UncheckedIOException for an I/O failure of the stream, or if this was closed
   */
  @Override
  public Poll<Optional<I>> pollNext(Context cx) {
    if (closed) {
      throw IoErrors.closed("this Framed");
    }
    if (corrupt != null) {
      throw corrupt;
    }
    if (ended) {
      return Poll.ready(Optional.empty());
    }
    try {
      for (;;) {
        Optional<I> frame = eof ? codec.decodeEof(readBuf) : codec.decode(readBuf);
        Objects.requireNonNull(frame, "the decoder returned null instead of an Optional");
        if (frame.isPresent()) {
          return Poll.ready(frame);
        }
        if (eof) {
          ended = true;
          return Poll.ready(frame);
        }
        Poll<Integer> r = readMore(cx);
        if (!r.isReady()) {
          return Poll.pending();
        }
        if (r.value() < 0) {
          eof = true;
        }
      }
    } catch (CorruptFrameException e) {
      corrupt = e;
      throw e;
    }
  }

  /**
   * A future of the next frame; empty once the stream ended.
   *
   * <p><b>Cancel safety:</b> cancel-safe. A {@code next()} cancelled before it was ready took no
   * frame, and the bytes of a partial frame stay buffered here for the next call.
   */
  @Override
  public Future<Optional<I>> next() {
    return new OnceFuture<>() {
      @Override
      protected Poll<Optional<I>> pollOnce(Context cx) {
        return pollNext(cx);
      }

      @Override
      public void cancel() {
        markCompleted();
      }
    };
  }

  /**
   * Reads after the unframed bytes. When little room is left after them, they move to the front
   * first; only when they fill the whole buffer (a frame larger than it) does it grow.
   */
  private Poll<Integer> readMore(Context cx) {
    int start = readBuf.position();
    int end = readBuf.limit();
    if (start > 0 && readBuf.capacity() - end < MIN_READ_ROOM) {
      readBuf.compact().flip(); // costs the bytes of one partial frame
      start = 0;
      end = readBuf.limit();
    }
    if (end == readBuf.capacity()) {
      ByteBuffer grown = ByteBuffer.allocate(growTo(readBuf.capacity()));
      grown.put(readBuf).flip();
      readBuf = grown;
    }
    readBuf.limit(readBuf.capacity()).position(end);
    Poll<Integer> r;
    try {
      r = in.pollRead(cx, readBuf);
    } finally {
      readBuf.limit(readBuf.position()).position(start);
    }
    if (r.isReady() && r.value() == 0) {
      throw IoErrors.zeroRead(in);
    }
    return r;
  }

  private static int growTo(int capacity) {
    if (capacity >= Integer.MAX_VALUE - 8) {
      throw new OutOfMemoryError("a frame does not fit in the largest possible read buffer");
    }
    return (int) Math.min(Integer.MAX_VALUE - 8, 2L * capacity);
  }

  // ---- writing ----

  /**
   * A future that encodes {@code item} into the write buffer, then writes the buffer out and
   * flushes the stream (it sends the frames fed before too). Encoding happens at its first poll.
   *
   * <p><b>Cancel safety:</b> a {@code send} cancelled before its first poll sent nothing. Once
   * polled, {@code item} is in the write buffer: a cancel leaves it there, and the next
   * {@link #flush} or {@code send} writes it.
   *
   * @param item the frame to send; non-null. It is encoded at the first poll, so do not change
   *     it before then
   * @return a future that completes once {@code item} and the frames fed before it are written
   *     out and the stream is flushed; it fails with what the codec's encode threw (the frame
   *     then left no byte in the write buffer), or with {@link UncheckedIOException} for an I/O
   *     failure or if this was closed
   * @throws NullPointerException at the call if {@code item} is null
   */
  public Future<Void> send(O item) {
    Objects.requireNonNull(item, "item");
    return new WriteFuture(item, true);
  }

  /**
   * A future that encodes {@code item} into the write buffer (at its first poll); if more than
   * 64 KiB are then buffered, it also writes the buffer out and flushes the stream before it is
   * ready, so a fast writer waits for a slow stream.
   *
   * <p><b>Cancel safety:</b> a {@code feed} cancelled before its first poll fed nothing. Once
   * polled, {@code item} is in the write buffer: a cancel leaves it there, and the next
   * {@link #flush} or {@link #send} writes it.
   *
   * @param item the frame to feed; non-null. It is encoded at the first poll, so do not change
   *     it before then
   * @return a future that completes once {@code item} is in the write buffer (and, above
   *     64 KiB buffered, once the buffer is written out and flushed); it fails as
   *     {@link #send}'s does
   * @throws NullPointerException at the call if {@code item} is null
   */
  public Future<Void> feed(O item) {
    Objects.requireNonNull(item, "item");
    return new WriteFuture(item, false);
  }

  /**
   * A future that writes the write buffer out, then flushes the stream.
   *
   * <p><b>Cancel safety:</b> cancel-safe. What was written stays written; the rest stays in the
   * write buffer for the next flush.
   *
   * @return a future that completes once the write buffer is empty and the stream is flushed;
   *     it fails with {@link UncheckedIOException} for an I/O failure or if this was closed
   */
  public Future<Void> flush() {
    return new OnceFuture<>() {
      @Override
      protected Poll<Void> pollOnce(Context cx) {
        if (closed) {
          throw IoErrors.closed("this Framed");
        }
        return pollFlush(cx);
      }

      @Override
      public void cancel() {
        markCompleted();
      }
    };
  }

  /** {@link #send} and {@link #feed}: encode at the first poll, then flush if asked or needed. */
  private final class WriteFuture extends OnceFuture<Void> {
    private O item; // null once encoded
    private final boolean flush;

    WriteFuture(O item, boolean flush) {
      this.item = item;
      this.flush = flush;
    }

    @Override
    protected Poll<Void> pollOnce(Context cx) {
      if (closed) {
        throw IoErrors.closed("this Framed");
      }
      if (item != null) {
        encode(item);
        item = null;
      }
      if (flush || writeBuf.size() > FEED_BOUNDARY) {
        return pollFlush(cx);
      }
      return DONE;
    }

    @Override
    public void cancel() {
      markCompleted();
      item = null;
    }
  }

  /** Encodes {@code item}; a failed encode leaves no half frame behind. */
  private void encode(O item) {
    int held = writeBuf.size();
    try {
      codec.encode(item, writeBuf);
    } catch (Throwable t) {
      writeBuf.truncate(held);
      throw t;
    }
  }

  private Poll<Void> pollFlush(Context cx) {
    while (writeBuf.size() > 0) {
      ByteBuffer bytes = writeBuf.unwritten();
      Poll<Integer> w = out.pollWrite(cx, bytes);
      if (!w.isReady()) {
        return Poll.pending();
      }
      if (w.value() <= 0) {
        throw IoErrors.writeZero(out);
      }
      writeBuf.consumedTo(bytes.position());
    }
    return out.pollFlush(cx);
  }

  // ---- closing ----

  /**
   * Closes the stream(s) this wraps, if they are {@link AutoCloseable} (once, if reading and
   * writing go to the same object), and drops the buffers without flushing them. Idempotent.
   *
   * @throws UncheckedIOException if closing a stream threw an {@link IOException} (the stream
   *     closed second is still closed, its failure suppressed)
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    readBuf = ByteBuffer.allocate(0);
    writeBuf.clear();
    Throwable failure = closeQuietly(in, null);
    if (out != in) {
      failure = closeQuietly(out, failure);
    }
    if (failure instanceof IOException e) {
      throw new UncheckedIOException(e);
    }
    if (failure != null) {
      throw Failures.sneakyThrow(failure);
    }
  }

  /** {@link #close()}, as a receiver's cancel is its close. */
  @Override
  public void cancel() {
    close();
  }

  private static Throwable closeQuietly(Object stream, Throwable failure) {
    if (stream instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Throwable t) {
        return Failures.combine(failure, t);
      }
    }
    return failure;
  }

  /** The length of the read buffer (for tests of how far it grew). */
  int readCapacity() {
    return readBuf.capacity();
  }

  /** The write buffer (for tests). */
  WriteBuffer writeBuffer() {
    return writeBuf;
  }

  @Override
  public String toString() {
    return "Framed[" + codec.getClass().getSimpleName() + ", " + readBuf.remaining()
        + " bytes read and not framed, " + writeBuf.size() + " bytes to write"
        + (closed ? ", closed" : "") + "]";
  }
}
