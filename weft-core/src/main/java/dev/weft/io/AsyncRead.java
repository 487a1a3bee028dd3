package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A source of bytes read without blocking: tokio's {@code AsyncRead}.
 *
 * <p>{@link #pollRead} is the one method to implement; {@link #read} and {@link #readExact} are
 * futures over it for async blocks ({@code int n = stream.read(buf).await();}).
 *
 * <h2>Comparison with {@code InputStream} and {@code ReadableByteChannel}</h2>
 * A blocking read holds its thread until bytes come; {@code pollRead} never blocks: it returns
 * pending and wakes the caller's task when bytes may have come. End of stream is {@code -1}, as
 * for a channel. An I/O failure is thrown as {@link UncheckedIOException} whose cause is the
 * original {@link java.io.IOException}, so {@code await()} throws it as it is.
 */
public interface AsyncRead {

  /**
   * Reads into {@code dst}'s remaining space. Never blocks.
   *
   * @param cx the context of the task polling; its waker is woken when bytes may have come
   * @param dst where the bytes go (from its position, up to its limit)
   * @return ready with {@code n > 0} bytes read, ready with {@code -1} at end of stream, ready
   *     with {@code 0} only when {@code dst} has no remaining space; pending when nothing can be
   *     read now (the waker of {@code cx} is woken when something may be)
   * @throws UncheckedIOException for an I/O failure (its cause is the original)
   */
  Poll<Integer> pollRead(Context cx, ByteBuffer dst);

  /**
   * A future of one read into {@code dst}: the bytes read, {@code -1} at end of stream, {@code 0}
   * at once if {@code dst} has no room.
   *
   * <p><b>Cancel safety:</b> cancel-safe. A read cancelled before it was ready consumed nothing:
   * no byte is lost, the next read gets it.
   *
   * @param dst where the bytes go
   * @return a future of the number of bytes read, or {@code -1} at end of stream
   */
  default Future<Integer> read(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    AsyncRead self = this;
    return new OnceFuture<>() {
      @Override
      protected Poll<Integer> pollOnce(Context cx) {
        return self.pollRead(cx, dst);
      }
    };
  }

  /**
   * A future that reads until {@code dst} is full.
   *
   * <p><b>Cancel safety:</b> not cancel-safe. Bytes read before the cancel are in {@code dst}
   * (its position shows how many), but the future's count of them is gone.
   *
   * @param dst the buffer to fill (from its position to its limit)
   * @return a future that completes when {@code dst} is full
   * @throws UncheckedIOException with an {@link EOFException} cause (at the await) if the stream
   *     ends before {@code dst} is full
   * @throws IllegalStateException (at the await) if a read is ready with 0 bytes while
   *     {@code dst} has room, which {@link #pollRead} does not allow
   */
  default Future<Void> readExact(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    AsyncRead self = this;
    return new OnceFuture<>() {
      @Override
      protected Poll<Void> pollOnce(Context cx) {
        while (dst.hasRemaining()) {
          Poll<Integer> p = self.pollRead(cx, dst);
          if (!p.isReady()) {
            return Poll.pending();
          }
          if (p.value() < 0) {
            throw new UncheckedIOException(new EOFException(
                "the stream ended with " + dst.remaining() + " bytes still to read"));
          }
          if (p.value() == 0) { // a broken reader: fail, never spin
            throw IoErrors.zeroRead(self);
          }
        }
        return Poll.ready(null);
      }
    };
  }
}
