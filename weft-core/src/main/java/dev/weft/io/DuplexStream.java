package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import java.nio.ByteBuffer;

/**
 * One end of an in-memory byte stream made by {@link Io#duplex(int)} (tokio's
 * {@code DuplexStream}): what one end writes, the other reads, like the two ends of a TCP
 * connection without the network. Useful to test protocol code, or to connect two tasks with a
 * byte stream.
 *
 * <ul>
 *   <li><b>Back-pressure.</b> Each direction holds at most the pair's capacity: a write takes
 *       what fits and waits (pending) when nothing does, until the reader makes room.
 *   <li><b>Half-close.</b> {@link #shutdown()} (or {@link #pollShutdown}) closes this end's write
 *       direction: the other end reads what was written, then {@code -1}. This end can still
 *       read; its own writes fail with {@link java.io.UncheckedIOException}.
 *   <li><b>Close.</b> {@link #close()} closes both directions of this end: the other end reads
 *       what was written, then {@code -1}, and its writes fail with
 *       {@link java.io.UncheckedIOException} whose cause is an {@link java.io.IOException} saying
 *       "broken pipe". A read, write, flush or shutdown on a closed end fails with
 *       {@link java.io.UncheckedIOException} whose cause is a
 *       {@link java.nio.channels.ClosedChannelException}, including one pending (in another task)
 *       when it was closed: the close wakes it. {@code close()} is idempotent.
 *   <li><b>Threads.</b> The two ends may be used by tasks on different threads; wake-ups cross
 *       between them. One end is used by one task at a time (one reader and one writer: the
 *       waker of the latest pending poll of each kind is the one woken).
 *   <li>Nothing is buffered on the write side, so a flush is ready at once. No runtime is
 *       needed: the pair works under any executor, {@code Futures.blockOn} included. On a
 *       runtime, ready reads and writes take from the task's cooperative budget.
 * </ul>
 *
 * <p>The inherited futures ({@link #read}, {@link #write}, {@link #writeAll}, {@link #flush},
 * {@link #shutdown}, {@link #readExact}) state their cancel safety where they are declared;
 * {@code read} and {@code write} are cancel-safe here.
 */
public final class DuplexStream implements AsyncRead, AsyncWrite, AutoCloseable {
  private final Pipe in;
  private final Pipe out;
  private volatile boolean closed;

  DuplexStream(Pipe in, Pipe out) {
    this.in = in;
    this.out = out;
  }

  @Override
  public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
    checkOpen();
    return in.pollRead(cx, dst);
  }

  @Override
  public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
    checkOpen();
    return out.pollWrite(cx, src);
  }

  /** Ready at once: nothing is buffered on the write side. */
  @Override
  public Poll<Void> pollFlush(Context cx) {
    checkOpen();
    return Poll.ready(null);
  }

  /** Closes this end's write direction; ready at once. Idempotent. */
  @Override
  public Poll<Void> pollShutdown(Context cx) {
    checkOpen();
    out.closeWrite();
    return Poll.ready(null);
  }

  /** Closes both directions of this end (see the class comment). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    out.closeWrite();
    in.closeRead();
  }

  /** Bytes of memory the buffers of this end's two directions hold now (for tests). */
  int allocatedBytes() {
    return in.allocated() + out.allocated();
  }

  private void checkOpen() {
    if (closed) {
      throw IoErrors.closed("this duplex stream end");
    }
  }
}
