package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Coop;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of a {@link DuplexStream} pair: a bounded queue of bytes between the end that
 * writes and the end that reads (tokio's {@code SimplexStream}). Thread-safe: the two ends may be
 * polled by tasks on different threads.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>All state is guarded by {@code lock}. A poll that finds nothing to do stores its waker
 *       under the lock, and the other side changes the state under the same lock before it takes
 *       that waker: a wake-up cannot be lost between the check and the store.
 *   <li>Wakers are called after the lock is released, so a waker that runs code (polls, locks)
 *       cannot deadlock with this pipe.
 *   <li>At most {@code capacity} bytes are held: a write takes what fits and waits when nothing
 *       does (back-pressure). The ring array grows on demand up to {@code capacity}, so a large
 *       capacity costs memory only when it is used.
 *   <li>{@code writeClosed} (the writer shut down or closed its end): reads drain what is held,
 *       then give -1. {@code readClosed} (the reader closed its end): the bytes held are dropped
 *       and every write fails with a broken pipe.
 *   <li>A ready read or write of bytes takes one unit of the task's cooperative budget; the end
 *       of the stream and a pending poll take none.
 *   <li>A close or shutdown wakes every poll pending on this pipe, on either side: the end
 *       closed may have a read or write pending in another task, and its next poll fails
 *       (the closed-stream rule covers an operation pending when it was closed). A wake-up too many is
 *       harmless; one too few leaves a task waiting forever.
 * </ol>
 */
final class Pipe {
  private static final int INITIAL_RING = 4096;
  private static final Poll<Integer> END = Poll.ready(-1);
  private static final Poll<Integer> NONE = Poll.ready(0);

  private final ReentrantLock lock = new ReentrantLock();
  private final int capacity;
  private byte[] ring;          // null until the first write
  private int head;             // index of the oldest byte held
  private int count;            // bytes held
  private boolean writeClosed;
  private boolean readClosed;
  private Waker reader;         // waiting for bytes
  private Waker writer;         // waiting for room

  Pipe(int capacity) {
    this.capacity = capacity;
  }

  /** The reading end's poll. */
  Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    if (!dst.hasRemaining()) {
      return NONE; // after the budget: a loop of empty calls must still yield
    }
    int n;
    Waker toWake = null;
    lock.lock();
    try {
      if (readClosed) { // the end closed after DuplexStream's check: fail, do not wait (rule 6)
        throw IoErrors.closed("this duplex stream end");
      }
      if (count > 0) {
        n = take(dst);
        toWake = writer;
        writer = null;
      } else if (writeClosed) {
        n = -1;
      } else {
        reader = cx.waker();
        n = 0;
      }
    } finally {
      lock.unlock();
    }
    if (toWake != null) {
      toWake.wake();
    }
    if (n > 0) {
      return Poll.ready(n);
    }
    Coop.refund();
    return n < 0 ? END : Poll.pending();
  }

  /** The writing end's poll. */
  Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    if (!src.hasRemaining()) {
      return NONE; // after the budget: a loop of empty calls must still yield
    }
    int n;
    Waker toWake = null;
    lock.lock();
    try {
      if (readClosed) {
        throw IoErrors.brokenPipe();
      }
      if (writeClosed) {
        throw IoErrors.writeAfterShutdown();
      }
      if (count < capacity) {
        n = put(src);
        toWake = reader;
        reader = null;
      } else {
        writer = cx.waker();
        n = 0;
      }
    } finally {
      lock.unlock();
    }
    if (toWake != null) {
      toWake.wake();
    }
    if (n > 0) {
      return Poll.ready(n);
    }
    Coop.refund();
    return Poll.pending();
  }

  /**
   * The writing end shuts down or closes: the reader gets -1 once it drained the pipe. A write
   * pending for room is woken too (rule 6): its next poll fails.
   */
  void closeWrite() {
    Waker wakeReader;
    Waker wakeWriter;
    lock.lock();
    try {
      writeClosed = true;
      wakeReader = reader;
      reader = null;
      wakeWriter = writer;
      writer = null;
    } finally {
      lock.unlock();
    }
    wake(wakeReader);
    wake(wakeWriter);
  }

  /**
   * The reading end closes: what is held is dropped, and writes fail from now on. A read pending
   * on this end is woken too (rule 6): its next poll fails.
   */
  void closeRead() {
    Waker wakeReader;
    Waker wakeWriter;
    lock.lock();
    try {
      readClosed = true;
      ring = null;
      count = 0;
      head = 0;
      wakeReader = reader;
      reader = null;
      wakeWriter = writer;
      writer = null;
    } finally {
      lock.unlock();
    }
    wake(wakeReader);
    wake(wakeWriter);
  }

  private static void wake(Waker w) {
    if (w != null) {
      w.wake();
    }
  }

  /** The length of the ring array: the memory this direction holds (for tests). */
  int allocated() {
    lock.lock();
    try {
      return ring == null ? 0 : ring.length;
    } finally {
      lock.unlock();
    }
  }

  /** Moves held bytes into {@code dst}; under the lock, with {@code count > 0}. */
  private int take(ByteBuffer dst) {
    int n = Math.min(count, dst.remaining());
    int first = Math.min(n, ring.length - head);
    dst.put(ring, head, first);
    dst.put(ring, 0, n - first);
    head = (head + n) % ring.length;
    count -= n;
    if (count == 0) {
      head = 0; // keeps the next writes in one piece
    }
    return n;
  }

  /** Moves what fits of {@code src} into the ring; under the lock, with room for one byte. */
  private int put(ByteBuffer src) {
    int n = Math.min(capacity - count, src.remaining());
    if (ring == null || ring.length - count < n) {
      grow(n);
    }
    int tail = (head + count) % ring.length;
    int first = Math.min(n, ring.length - tail);
    src.get(ring, tail, first);
    src.get(ring, 0, n - first);
    count += n;
    return n;
  }

  private void grow(int incoming) {
    int needed = count + incoming;
    int length = ring == null ? 0 : ring.length;
    int grown = (int) Math.min(capacity, Math.max(needed, Math.max(INITIAL_RING, 2L * length)));
    byte[] bigger = new byte[grown];
    if (count > 0) {
      int first = Math.min(count, ring.length - head);
      System.arraycopy(ring, head, bigger, 0, first);
      System.arraycopy(ring, 0, bigger, first, count - first);
    }
    ring = bigger;
    head = 0;
  }
}
