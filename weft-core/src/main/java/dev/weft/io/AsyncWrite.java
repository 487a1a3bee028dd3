package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A sink of bytes written without blocking: tokio's {@code AsyncWrite}.
 *
 * <p>Three poll methods to implement ({@link #pollWrite}, {@link #pollFlush},
 * {@link #pollShutdown}); {@link #write}, {@link #writeAll}, {@link #flush} and
 * {@link #shutdown} are futures over them for async blocks.
 *
 * <h2>Comparison with {@code OutputStream}</h2>
 * A blocking write holds its thread while the peer is slow; {@code pollWrite} takes what fits
 * now and returns pending when nothing does, waking the caller's task when there may be room:
 * that is back-pressure. {@link #pollShutdown} is a half-close: the peer reads end of stream, and
 * this side can still read. An I/O failure is thrown as {@link UncheckedIOException} whose cause
 * is the original {@link java.io.IOException}.
 */
public interface AsyncWrite {

  /**
   * Writes from {@code src}'s remaining bytes (advancing its position). Never blocks.
   *
   * @param cx the context of the task polling; its waker is woken when there may be room
   * @param src the bytes to write (from its position to its limit)
   * @return ready with {@code n > 0} bytes taken from {@code src} (0 only if it had none);
   *     pending when there is no room now (the waker of {@code cx} is woken when there may be)
   * @throws UncheckedIOException for an I/O failure (its cause is the original)
   */
  Poll<Integer> pollWrite(Context cx, ByteBuffer src);

  /**
   * Pushes buffered bytes on to where they go. Never blocks.
   *
   * @param cx the context of the task polling
   * @return ready when no buffered byte is left; pending otherwise (the waker is woken later)
   */
  Poll<Void> pollFlush(Context cx);

  /**
   * Flushes, then closes the write direction (TCP: a half-close). Never blocks.
   *
   * @param cx the context of the task polling
   * @return ready once flushed and closed; pending otherwise (the waker is woken later)
   */
  Poll<Void> pollShutdown(Context cx);

  /**
   * A future of one write from {@code src}: how many bytes it took.
   *
   * <p><b>Cancel safety:</b> cancel-safe. A write cancelled before it was ready took nothing from
   * {@code src}.
   *
   * @param src the bytes to write
   * @return a future of the number of bytes taken from {@code src}
   */
  default Future<Integer> write(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    AsyncWrite self = this;
    return new OnceFuture<>() {
      @Override
      protected Poll<Integer> pollOnce(Context cx) {
        return self.pollWrite(cx, src);
      }
    };
  }

  /**
   * A future that writes all of {@code src}'s remaining bytes.
   *
   * <p><b>Cancel safety:</b> not cancel-safe: some bytes may have been written when it is
   * cancelled ({@code src}'s position shows how many).
   *
   * @param src the bytes to write
   * @return a future that completes when every byte of {@code src} was written; it fails with
   *     {@link UncheckedIOException} ("write zero") if a write is ready with no byte taken
   */
  default Future<Void> writeAll(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    AsyncWrite self = this;
    return new OnceFuture<>() {
      @Override
      protected Poll<Void> pollOnce(Context cx) {
        while (src.hasRemaining()) {
          Poll<Integer> w = self.pollWrite(cx, src);
          if (!w.isReady()) {
            return Poll.pending();
          }
          if (w.value() <= 0) { // a broken writer: fail (tokio's WriteZero), never spin
            throw IoErrors.writeZero(self);
          }
        }
        return Poll.ready(null);
      }
    };
  }

  /**
   * A future of {@link #pollFlush}.
   *
   * <p><b>Cancel safety:</b> cancel-safe: what was flushed stays flushed, the rest stays
   * buffered for the next flush.
   *
   * @return a future that completes when everything buffered was flushed
   */
  default Future<Void> flush() {
    AsyncWrite self = this;
    return new OnceFuture<>() {
      @Override
      protected Poll<Void> pollOnce(Context cx) {
        return self.pollFlush(cx);
      }
    };
  }

  /**
   * A future of {@link #pollShutdown}: flush, then close the write direction.
   *
   * <p><b>Cancel safety:</b> cancel-safe: a later shutdown picks up where this one stopped.
   *
   * @return a future that completes when the write direction is closed
   */
  default Future<Void> shutdown() {
    AsyncWrite self = this;
    return new OnceFuture<>() {
      @Override
      protected Poll<Void> pollOnce(Context cx) {
        return self.pollShutdown(cx);
      }
    };
  }
}
