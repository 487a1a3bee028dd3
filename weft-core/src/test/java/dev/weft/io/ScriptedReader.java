package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * An {@link AsyncRead} whose bytes the test gives in chunks, as packets of a socket: one read
 * gives at most one chunk (less if the buffer is smaller), and when no chunk is there the read is
 * pending (its waker kept) until {@link #push}, {@link #end} or {@link #fail}. Thread-safe, so a
 * test may push from another thread.
 */
final class ScriptedReader implements AsyncRead {
  private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
  private boolean ended;
  private UncheckedIOException failure;
  private Waker waker;
  private int polls;

  /** A reader that gives {@code data} in chunks of these sizes (the last repeats), then ends. */
  static ScriptedReader of(byte[] data, int... chunkSizes) {
    ScriptedReader r = new ScriptedReader();
    int at = 0;
    for (int i = 0; at < data.length; i++) {
      int size = Math.min(chunkSizes[Math.min(i, chunkSizes.length - 1)], data.length - at);
      r.push(java.util.Arrays.copyOfRange(data, at, at + size));
      at += size;
    }
    r.end();
    return r;
  }

  /** Adds a chunk and wakes a pending read. */
  ScriptedReader push(byte[] chunk) {
    Waker w;
    synchronized (this) {
      chunks.add(ByteBuffer.wrap(chunk.clone()));
      w = takeWaker();
    }
    wake(w);
    return this;
  }

  /** The end of the stream after the chunks pushed so far. */
  void end() {
    Waker w;
    synchronized (this) {
      ended = true;
      w = takeWaker();
    }
    wake(w);
  }

  /** The next read after the chunks pushed so far fails with {@code cause}. */
  void fail(IOException cause) {
    Waker w;
    synchronized (this) {
      failure = new UncheckedIOException(cause);
      w = takeWaker();
    }
    wake(w);
  }

  synchronized int polls() {
    return polls;
  }

  synchronized boolean hasWaker() {
    return waker != null;
  }

  @Override
  public synchronized Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
    polls++;
    if (!dst.hasRemaining()) {
      return Poll.ready(0);
    }
    ByteBuffer chunk = chunks.peek();
    if (chunk == null) {
      if (failure != null) {
        throw failure;
      }
      if (ended) {
        return Poll.ready(-1);
      }
      waker = cx.waker();
      return Poll.pending();
    }
    int n = Math.min(chunk.remaining(), dst.remaining());
    int limit = chunk.limit();
    chunk.limit(chunk.position() + n);
    dst.put(chunk);
    chunk.limit(limit);
    if (!chunk.hasRemaining()) {
      chunks.poll();
    }
    return Poll.ready(n);
  }

  private Waker takeWaker() {
    Waker w = waker;
    waker = null;
    return w;
  }

  private static void wake(Waker w) {
    if (w != null) {
      w.wake();
    }
  }
}
