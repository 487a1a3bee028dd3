package dev.weft.fs;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Coop;
import dev.weft.internal.Failures;
import dev.weft.internal.OnceFuture;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file open for asynchronous reading and writing: tokio's {@code tokio::fs::File}, made by
 * {@link AsyncFiles#open}.
 *
 * <pre>{@code
 * try (AsyncFile in = AsyncFiles.open(source).await();
 *      AsyncFile out = AsyncFiles.open(target, WRITE, CREATE, TRUNCATE_EXISTING).await()) {
 *   ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
 *   while (in.read(buf.clear()).await() >= 0) {
 *     out.writeAll(buf.flip()).await();
 *   }
 *   out.sync().await();
 * }
 * }</pre>
 *
 * <h2>How it works</h2>
 * A file has no readiness to wait for, so every operation is a blocking call ({@link
 * FileChannel#read}, {@code write}, {@code size}, {@code force}) that runs on the runtime's
 * blocking pool while the future is pending; polling never blocks. The calls run one at a time,
 * in the order they come, on the file's position: reads and writes are sequential, as on a
 * {@link FileChannel} used by one thread. One read moves at most 2 MiB (tokio's limit), so a
 * large buffer is filled in several reads.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>One pending read and one pending write</b> at a time, as on a socket: a second read
 *       polled while another is pending (or a second write) throws {@link
 *       IllegalStateException}. A read and a write may be pending together; they run one after
 *       the other.
 *   <li><b>Writes are not buffered</b>: a write is ready once its bytes were handed to the
 *       operating system, so {@link #flush()} completes at once; {@link #sync()} forces them to
 *       the device.
 *   <li><b>Cancel safety</b>: every read and write is cancel-safe. A read cancelled while its
 *       blocking call is in flight loses nothing: the bytes it brings are kept and handed to the
 *       next read. A write cancelled while its blocking call is in flight still completes (a
 *       blocking write cannot be stopped): its bytes reach the file, and the cancel moves the
 *       source buffer's position past them, as if the write had been ready, so nothing is
 *       written twice or lost. If that write fails, the next write, flush, shutdown, sync or
 *       close throws the failure.
 *   <li><b>Close</b>: {@link #close()} is synchronous and idempotent. Afterwards, and for an
 *       operation that was pending when it was called, every operation fails with {@link
 *       UncheckedIOException} whose cause is a {@link ClosedChannelException}. A write in flight
 *       when the file is closed still completes, then the channel closes.
 *   <li><b>A runtime</b> (either flavour) must poll the futures that run a blocking call
 *       (all but {@link #flush()} and {@link #shutdown()}): polled elsewhere (under {@code
 *       Futures.blockOn}) they throw {@link IllegalStateException}. Making them needs none.
 *   <li>I/O failures are {@link UncheckedIOException}s whose cause is the original {@link
 *       IOException}.
 * </ul>
 */
public final class AsyncFile implements AsyncRead, AsyncWrite, AutoCloseable {

  /*
   * Implementation overview
   * -----------------------
   * State, guarded by `lock`: `job`, the one FileJob in flight (tokio's State::Busy) or null
   * (Idle), and `buffer`, the one buffer that jobs read into and write from. Between jobs the
   * buffer holds the read-ahead (read mode, position..limit): bytes a read job brought that no
   * read has taken yet. The channel's position is ahead of the file's logical position by that
   * many bytes.
   *
   * Rules:
   *  1. A job starts only when none is in flight, so jobs run one at a time, in the order their
   *     callers took the lock. While a job is in flight only the job touches `buffer`. A job's
   *     call first takes and releases the lock, so it cannot begin before its starter has
   *     finished preparing the buffer and released the lock.
   *  2. A read takes read-ahead first; it starts a READ job only when there is none. A WRITE job
   *     first steps the channel back over the read-ahead, which is dropped (tokio's
   *     discard_read): the write lands at the logical position, and the next read reads again
   *     from there.
   *  3. A job's owner is who waits for its outcome: the future that started it (or, for a read,
   *     adopted it), or ANONYMOUS (rule 6). An owner that leaves (its future cancelled) sets
   *     job.owner = null and the job runs on. When a job ends, an owner still there finds the
   *     outcome in the job; an orphaned job's outcome goes to the file (orphaned()): READ bytes
   *     are read-ahead anyway, so they go to the next read; its end of file is dropped (the next
   *     read finds it again); a READ failure waits in `readFailure` for the next read; a WRITE or
   *     SYNC failure in `writeFailure` for the next write, flush, shutdown, sync or close; a SIZE
   *     failure is logged. A read that comes while an orphaned READ job is in flight adopts it:
   *     its bytes are the ones that read would get.
   *  4. One pending read and one pending write: `readOwner` and `writeOwner` name the caller that
   *     has one pending; a poll by a different future throws IllegalStateException. An owner is
   *     released when its poll is ready or throws, or when its future is cancelled.
   *  5. A poll that returns pending does so only while a job is in flight, after adding its waker
   *     to `waiters` (under the lock). When the job ends, or the file is closed, every waiter is
   *     woken (after the lock is released). So every pending poll is woken by the next event.
   *  6. pollRead and pollWrite called directly (by a buffered reader, a copy loop) act for
   *     ANONYMOUS: one caller that keeps polling, as tokio's poll_read assumes; it never
   *     conflicts with itself. It cannot be cancelled, so it may have gone: a future of ours may
   *     take its place (a read adopts its job, a write orphans it).
   *  7. The job's JoinHandle is polled with `jobContext`, whose waker (jobWoken) ends the job
   *     under the lock: the blocking thread does that when the call returns. The call returns
   *     its exception as an Outcome instead of throwing it, so its task never fails unseen; a job
   *     that its runtime's close cancelled before it ran ends with that CancellationException.
   *  8. close() marks the file closed and wakes every waiter: their next poll throws
   *     ClosedChannelException. It closes the channel at once if no job is in flight; else the
   *     job's end closes it, so a write cancelled in flight still completes (as in tokio, whose
   *     job holds the std File).
   *  9. A WRITE copies its bytes from the source buffer without moving the buffer's position;
   *     the position moves past them when the write is ready, or when its future is cancelled
   *     while the job is in flight (the bytes will reach the file: they count as taken, so a
   *     caller that carries on from the position writes nothing twice). So a pending write has
   *     taken nothing yet, as AsyncWrite says, and a loop `while (src.hasRemaining())` works.
   */

  /** The most bytes one blocking read or write moves (tokio's default). */
  static final int MAX_CHUNK = 2 * 1024 * 1024;

  /** The owner of a direct pollRead or pollWrite (rule 6). */
  private static final Object ANONYMOUS = new Object() {
    @Override
    public String toString() {
      return "a direct pollRead/pollWrite caller";
    }
  };

  private final FileChannel channel;
  private final String name;
  private final BlockingSpawner spawner;
  private final ReentrantLock lock = new ReentrantLock();
  private final Context jobContext = Context.of(this::jobWoken);

  // Guarded by lock.
  private FileJob job;                                        // in flight, or null (rule 1)
  private ByteBuffer buffer = ByteBuffer.allocate(0);         // read-ahead between jobs (rule 2)
  private final ArrayList<Waker> waiters = new ArrayList<>(); // pending polls (rule 5)
  private final ArrayList<Waker> toWake = new ArrayList<>();  // woken once the lock is released
  private Object readOwner;                                   // rule 4
  private Object writeOwner;
  private FileJob readJob;                                    // the job readOwner waits for
  private FileJob writeJob;                                   // the job writeOwner waits for
  private Throwable readFailure;                              // of an orphaned READ (rule 3)
  private Throwable writeFailure;                             // of an orphaned WRITE or SYNC
  private boolean writeShutDown;
  private boolean closed;

  AsyncFile(FileChannel channel, String name, BlockingSpawner spawner) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.name = name;
    this.spawner = spawner;
  }

  // ---- public operations ----

  /**
   * Reads from the file's position into {@code dst}'s remaining space: ready with the number of
   * bytes read, {@code -1} at the end of the file, {@code 0} if {@code dst} has no room. Called
   * directly, it is for one caller that keeps polling (a buffered reader, a copy loop); the
   * futures of {@link #read} and {@link #readExact} are the usual way in.
   *
   * @throws IllegalStateException if a read future of this file is pending, or outside a runtime
   * @throws UncheckedIOException for an I/O failure, or ({@link ClosedChannelException}) if the
   *     file is closed
   */
  @Override
  public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    return readAs(ANONYMOUS, cx, dst, "AsyncFile.pollRead");
  }

  /**
   * A future of one read from the file's position into {@code dst}: the bytes read, {@code -1}
   * at the end of the file, {@code 0} at once if {@code dst} has no room.
   *
   * <p><b>Cancel safety:</b> cancel-safe. A read cancelled while it waited for another
   * operation of the file to end read nothing; one cancelled while its own blocking call is in
   * flight leaves the bytes the call brings to the next read, so no byte is lost.
   *
   * @throws IllegalStateException (when polled) if another read of this file is pending
   */
  @Override
  public Future<Integer> read(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    return new ReadFuture(dst);
  }

  /**
   * A future that reads until {@code dst} is full.
   *
   * <p><b>Cancel safety:</b> not cancel-safe, as for any reader: the bytes read before the
   * cancel are in {@code dst} (its position shows how many), those of a blocking call in flight
   * go to the next read; only this future's count is lost.
   *
   * @throws UncheckedIOException with an {@link EOFException} cause (when polled) if the file
   *     ends before {@code dst} is full
   */
  @Override
  public Future<Void> readExact(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    return new ReadExactFuture(dst);
  }

  /**
   * Writes {@code src}'s remaining bytes (at most 2 MiB of them) at the file's position, or at
   * its end if it was opened with {@code APPEND}: ready with the number written, once they were
   * handed to the operating system; {@code src}'s position moves then. Called directly, it is
   * for one caller that keeps polling with the same buffer until ready; the futures of
   * {@link #write} and {@link #writeAll} are the usual way in.
   *
   * @throws IllegalStateException if a write future of this file is pending, or outside a runtime
   * @throws UncheckedIOException for an I/O failure, after {@link #shutdown()}, or ({@link
   *     ClosedChannelException}) if the file is closed
   */
  @Override
  public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    return writeAs(ANONYMOUS, cx, src, "AsyncFile.pollWrite");
  }

  /**
   * A future of one write from {@code src}: the number of bytes written (all of {@code src}'s
   * remaining bytes up to 2 MiB).
   *
   * <p><b>Cancel safety:</b> cancel-safe, with a difference from a socket's write. A write
   * cancelled while it waited for another operation of the file to end wrote nothing and took
   * nothing from {@code src}. One cancelled once its own blocking call was handed to the pool
   * still completes, since a blocking write cannot be stopped: its bytes reach the file, and
   * the cancel moves {@code src}'s position past them (as if the write had been ready), so a
   * caller that carries on from {@code src}'s position writes nothing twice and loses nothing.
   * If that call fails, the next write, flush, shutdown, sync or close throws the failure.
   *
   * @throws IllegalStateException (when polled) if another write of this file is pending
   */
  @Override
  public Future<Integer> write(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    return new WriteFuture(src);
  }

  /**
   * A future that writes all of {@code src}'s remaining bytes.
   *
   * <p><b>Cancel safety:</b> not cancel-safe: some bytes may have been written when it is
   * cancelled. {@code src}'s position shows how many: those of a blocking call in flight count,
   * since it completes (as for {@link #write}).
   */
  @Override
  public Future<Void> writeAll(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    return new WriteAllFuture(src);
  }

  /**
   * Ready once no write is in flight: at once, since writes are not buffered (a write is ready
   * only when its bytes were handed over), unless a cancelled write is still completing.
   * Throws the failure of a cancelled write that nobody was told about.
   */
  @Override
  public Poll<Void> pollFlush(Context cx) {
    return flushAs(cx, false);
  }

  /**
   * Waits for a cancelled write still in flight (if any), then closes the write direction:
   * writes afterwards throw {@link UncheckedIOException}. Reading still works.
   */
  @Override
  public Poll<Void> pollShutdown(Context cx) {
    return flushAs(cx, true);
  }

  /**
   * A future of {@link #pollFlush}: completes at once, since writes are not buffered ({@link
   * #sync()} forces them to the device). It runs no blocking call but, as every I/O future, is
   * polled only in a runtime ({@link IllegalStateException} elsewhere).
   *
   * <p><b>Cancel safety:</b> cancel-safe: it changes nothing.
   */
  @Override
  public Future<Void> flush() {
    return AsyncWrite.super.flush();
  }

  /**
   * A future of {@link #pollShutdown}: waits for a cancelled write still in flight, then closes
   * the write direction.
   *
   * <p><b>Cancel safety:</b> cancel-safe: a cancelled shutdown has closed nothing.
   */
  @Override
  public Future<Void> shutdown() {
    return AsyncWrite.super.shutdown();
  }

  /**
   * A future of the file's size in bytes ({@link FileChannel#size()}), after the operations
   * that came before it.
   *
   * <p><b>Cancel safety:</b> cancel-safe: it changes nothing.
   *
   * @return a future of the size in bytes
   */
  public Future<Long> size() {
    return new JobFuture(FileJob.Kind.SIZE, "AsyncFile.size", channel::size);
  }

  /**
   * A future that forces everything written to the file (content and metadata) to the storage
   * device ({@link FileChannel#force force(true)}, tokio's {@code sync_all}). It throws the
   * failure of a cancelled write that nobody was told about.
   *
   * <p><b>Cancel safety:</b> cancel-safe: a sync cancelled while its blocking call is in flight
   * still completes; if it fails, the next write, flush, shutdown, sync or close throws it.
   *
   * @return a future that completes once the device holds what was written
   */
  public Future<Void> sync() {
    return new JobFuture(FileJob.Kind.SYNC, "AsyncFile.sync", () -> {
      channel.force(true);
      return 0L;
    }).map(ignored -> null);
  }

  /**
   * Closes the file; idempotent. Operations pending now or made later fail with {@link
   * UncheckedIOException} whose cause is a {@link ClosedChannelException}. A write still in
   * flight (its future was cancelled) completes first, then the channel closes.
   *
   * @throws UncheckedIOException if closing the channel fails, or if a cancelled write failed
   *     and nobody was told
   */
  @Override
  public void close() {
    boolean closeNow;
    Throwable failure;
    Throwable unread;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      failure = writeFailure;
      writeFailure = null;
      unread = readFailure; // for the next read, which cannot come any more
      readFailure = null;
      closeNow = job == null;
      wakeWaiters();
    } finally {
      unlockAndWake();
    }
    if (unread != null) {
      OrphanFailures.report("a cancelled read of " + this + " failed, and no read came after it",
          unread);
    }
    if (closeNow) {
      try {
        channel.close();
      } catch (IOException e) {
        failure = Failures.combine(e, failure);
      }
    }
    if (failure != null) {
      throw Outcome.forCaller(failure);
    }
  }

  @Override
  public String toString() {
    return "AsyncFile[" + name + "]";
  }

  // ---- reads ----

  private Poll<Integer> readAs(Object owner, Context cx, ByteBuffer dst, String what) {
    BlockingSpawner.requireRuntime(what);
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    boolean done = true;
    lock.lock();
    try {
      Poll<Integer> p = readStep(owner, cx, dst, what);
      done = p.isReady();
      return p;
    } finally {
      if (done) {
        releaseRead(owner);
      } else {
        Coop.refund();
      }
      unlockAndWake();
    }
  }

  private Poll<Integer> readStep(Object owner, Context cx, ByteBuffer dst, String what) {
    ensureOpen();
    claimRead(owner);
    if (!dst.hasRemaining()) {
      return Poll.ready(0);
    }
    for (;;) {
      FileJob mine = readJob;
      if (mine != null && mine.done) {
        readJob = null;
        if (mine.failure != null) {
          throw Outcome.forCaller(mine.failure);
        }
        if (mine.value < 0) {
          return Poll.ready(-1);
        }
        // Its bytes are read-ahead now (or were dropped by a write that came first: read again).
      }
      if (!bufferInUse() && buffer.hasRemaining()) {
        return Poll.ready(takeReadAhead(dst));
      }
      if (readFailure != null) {
        Throwable f = readFailure;
        readFailure = null;
        throw Outcome.forCaller(f);
      }
      if (job != null) {
        if (readJob == null && job.kind == FileJob.Kind.READ && job.owner == null) {
          job.owner = owner; // rule 3: adopt the orphaned read, its bytes are ours
          readJob = job;
        }
        waitForJob(cx);
        return Poll.pending();
      }
      readJob = startRead(owner, Math.min(dst.remaining(), MAX_CHUNK), what);
    }
  }

  private FileJob startRead(Object owner, int want, String what) {
    ByteBuffer b = buffer.capacity() >= want ? buffer : ByteBuffer.allocate(want);
    FileJob j = start(FileJob.Kind.READ, owner, what, () -> {
      int n;
      do {
        n = channel.read(b);
      } while (n == 0); // a blocking channel reads at least one byte into room, or ends
      return (long) n;
    });
    buffer = b;
    b.clear().limit(want);
    pollJob(j);
    return j;
  }

  /** True while a job reads into or writes from the buffer (rule 1): it holds no read-ahead. */
  private boolean bufferInUse() {
    return job != null && (job.kind == FileJob.Kind.READ || job.kind == FileJob.Kind.WRITE);
  }

  private int takeReadAhead(ByteBuffer dst) {
    int n = Math.min(buffer.remaining(), dst.remaining());
    dst.put(buffer.slice(buffer.position(), n));
    buffer.position(buffer.position() + n);
    return n;
  }

  private void claimRead(Object owner) {
    if (readOwner == null || readOwner == owner) {
      readOwner = owner;
      return;
    }
    if (readOwner == ANONYMOUS) { // rule 6: a future of ours takes the direct caller's place
      readOwner = owner;
      if (readJob != null) {
        readJob.owner = owner;
      }
      return;
    }
    throw new IllegalStateException("a second read of " + this + " while one is pending: an"
        + " AsyncFile allows one pending read and one pending write at a time");
  }

  private void releaseRead(Object owner) {
    if (readOwner == owner) {
      readOwner = null;
    }
  }

  /** A read future was cancelled: it leaves its job to the file (rule 3). */
  private void abandonRead(Object owner) {
    lock.lock();
    try {
      if (readOwner != owner) {
        return;
      }
      readOwner = null;
      FileJob mine = readJob;
      readJob = null;
      if (mine != null) {
        leave(mine);
      }
    } finally {
      unlockAndWake();
    }
  }

  // ---- writes ----

  private Poll<Integer> writeAs(Object owner, Context cx, ByteBuffer src, String what) {
    BlockingSpawner.requireRuntime(what);
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    boolean done = true;
    lock.lock();
    try {
      Poll<Integer> p = writeStep(owner, cx, src, what);
      done = p.isReady();
      return p;
    } finally {
      if (done) {
        releaseWrite(owner);
      } else {
        Coop.refund();
      }
      unlockAndWake();
    }
  }

  private Poll<Integer> writeStep(Object owner, Context cx, ByteBuffer src, String what) {
    ensureOpen();
    claimWrite(owner);
    for (;;) {
      FileJob mine = writeJob;
      if (mine != null && mine.source != src) {
        // Rule 6: a direct caller that comes back with another buffer gave up on the first.
        writeJob = null;
        leave(mine);
        mine = null;
      }
      if (mine != null) {
        if (!mine.done) {
          waitForJob(cx);
          return Poll.pending();
        }
        writeJob = null;
        if (mine.failure != null) {
          throw Outcome.forCaller(mine.failure);
        }
        src.position(src.position() + mine.length); // the bytes are taken now (rule 9)
        return Poll.ready(mine.length);
      }
      if (writeFailure != null) {
        throw takeWriteFailure();
      }
      if (writeShutDown) {
        throw new UncheckedIOException("a write to " + this + " after its shutdown()",
            new ClosedChannelException());
      }
      if (!src.hasRemaining()) {
        return Poll.ready(0);
      }
      if (job != null) {
        waitForJob(cx);
        return Poll.pending();
      }
      writeJob = startWrite(owner, src, what);
    }
  }

  private FileJob startWrite(Object owner, ByteBuffer src, String what) {
    int n = Math.min(src.remaining(), MAX_CHUNK);
    long stepBack = buffer.remaining(); // rule 2: the read-ahead is dropped, the channel steps back
    ByteBuffer b = buffer.capacity() >= n ? buffer : ByteBuffer.allocate(n);
    FileJob j = start(FileJob.Kind.WRITE, owner, what, () -> {
      if (stepBack > 0) {
        channel.position(channel.position() - stepBack);
      }
      long written = 0;
      while (b.hasRemaining()) {
        written += channel.write(b);
      }
      return written;
    });
    j.source = src;
    j.length = n;
    buffer = b;
    b.clear().put(0, src, src.position(), n).limit(n); // src's position moves when ready (rule 9)
    pollJob(j);
    return j;
  }

  private void claimWrite(Object owner) {
    if (writeOwner == null || writeOwner == owner) {
      writeOwner = owner;
      return;
    }
    if (writeOwner == ANONYMOUS) { // rule 6: its write in flight took other bytes than ours
      writeOwner = owner;
      FileJob theirs = writeJob;
      writeJob = null;
      if (theirs != null) {
        leave(theirs);
      }
      return;
    }
    throw new IllegalStateException("a second write to " + this + " while one is pending: an"
        + " AsyncFile allows one pending read and one pending write at a time");
  }

  private void releaseWrite(Object owner) {
    if (writeOwner == owner) {
      writeOwner = null;
    }
  }

  /**
   * A write future was cancelled: its job in flight completes on its own (rule 3), and its bytes
   * count as taken from its buffer (rule 9).
   */
  private void abandonWrite(Object owner) {
    lock.lock();
    try {
      if (writeOwner != owner) {
        return;
      }
      writeOwner = null;
      FileJob mine = writeJob;
      writeJob = null;
      if (mine != null) {
        if (!mine.done || mine.failure == null) {
          mine.source.position(mine.source.position() + mine.length);
        }
        leave(mine);
      }
    } finally {
      unlockAndWake();
    }
  }

  private RuntimeException takeWriteFailure() {
    Throwable f = writeFailure;
    writeFailure = null;
    return Outcome.forCaller(f);
  }

  /**
   * Flush and shutdown run no blocking call, but the rule for I/O futures holds for them too:
   * polled outside a runtime they throw, so code that works under {@code Futures.blockOn} with
   * a flush does not fail later at the read that follows.
   */
  private Poll<Void> flushAs(Context cx, boolean shutdown) {
    BlockingSpawner.requireRuntime(shutdown ? "AsyncFile.shutdown" : "AsyncFile.flush");
    lock.lock();
    try {
      ensureOpen();
      if (job != null && job.kind == FileJob.Kind.WRITE) {
        waitForJob(cx);
        return Poll.pending();
      }
      if (writeFailure != null) {
        throw takeWriteFailure();
      }
      if (shutdown) {
        writeShutDown = true;
      }
      return Poll.ready(null);
    } finally {
      unlockAndWake();
    }
  }

  // ---- size and sync ----

  private Poll<Long> jobStep(JobFuture f, Context cx) {
    BlockingSpawner.requireRuntime(f.what);
    lock.lock();
    try {
      ensureOpen();
      for (;;) {
        FileJob mine = f.mine;
        if (mine != null) {
          if (!mine.done) {
            waitForJob(cx);
            return Poll.pending();
          }
          f.mine = null;
          if (mine.failure != null) {
            throw Outcome.forCaller(mine.failure);
          }
          return Poll.ready(mine.value);
        }
        if (job != null) {
          waitForJob(cx);
          return Poll.pending();
        }
        if (f.kind == FileJob.Kind.SYNC && writeFailure != null) {
          throw takeWriteFailure();
        }
        f.mine = start(f.kind, f, f.what, f.body);
        pollJob(f.mine);
      }
    } finally {
      unlockAndWake();
    }
  }

  private void abandonJob(JobFuture f) {
    lock.lock();
    try {
      FileJob mine = f.mine;
      f.mine = null;
      if (mine != null) {
        leave(mine);
      }
    } finally {
      unlockAndWake();
    }
  }

  // ---- jobs (rules 1, 3, 5, 7, 8) ----

  /** Hands {@code body} to the blocking pool as the job in flight; the caller then polls it. */
  private FileJob start(FileJob.Kind kind, Object owner, String what, Callable<Long> body) {
    FileJob j = new FileJob(kind, owner);
    j.handle = spawner.spawn(what, Outcome.capturing(() -> {
      lock.lock(); // rule 1: the starter has prepared the buffer once it released the lock
      lock.unlock();
      return body.call();
    }));
    job = j;
    return j;
  }

  /** Polls the job's handle; ends the job if it is ready. */
  private void pollJob(FileJob j) {
    Poll<Outcome<Long>> p;
    try {
      p = j.handle.poll(jobContext);
    } catch (Throwable t) { // cancelled by its runtime's close before it ran, or an Error
      end(j, t);
      return;
    }
    if (p.isReady()) {
      Outcome<Long> o = p.value();
      if (o.failure() != null) {
        end(j, o.failure());
      } else {
        j.value = o.value();
        end(j, null);
      }
    }
  }

  /** The job's handle woke us: its call returned (rule 7). Runs on the blocking thread. */
  private void jobWoken() {
    lock.lock();
    try {
      FileJob j = job;
      if (j != null && !j.done) {
        pollJob(j);
      }
    } finally {
      unlockAndWake();
    }
  }

  private void end(FileJob j, Throwable failure) {
    j.done = true;
    j.failure = failure;
    if (job == j) {
      job = null;
    }
    switch (j.kind) {
      case READ -> buffer.flip(); // the bytes read are the read-ahead (none after -1 or a failure)
      case WRITE -> buffer.clear().limit(0); // nothing left to read ahead, even after a failure
      case SIZE, SYNC -> { }
    }
    if (j.owner == null) {
      orphaned(j);
    }
    wakeWaiters();
    if (closed && job == null) {
      OrphanFailures.close(channel, toString()); // rule 8: the close waited for this job
    }
  }

  /** The owner of {@code j} leaves; the job, done or not, becomes the file's (rule 3). */
  private void leave(FileJob j) {
    j.owner = null;
    if (j.done) {
      orphaned(j);
    }
  }

  /** Where the outcome of a job nobody waits for goes (rule 3). */
  private void orphaned(FileJob j) {
    Throwable f = j.failure;
    if (f == null) {
      return; // READ bytes are read-ahead already; an end of file or a size is found again
    }
    if (f instanceof CancellationException) { // its runtime closed before the job ran
      if (j.kind != FileJob.Kind.WRITE) {
        return; // nothing was read or changed
      }
      f = new IOException("a cancelled write to " + this + " never ran: its runtime closed"
          + " before the blocking pool took it", f);
    }
    if (closed) {
      OrphanFailures.report("a " + j.kind + " of " + this + " still in flight when it was"
          + " closed failed", f);
      return;
    }
    switch (j.kind) {
      case READ -> readFailure = Failures.combine(readFailure, f);
      case WRITE, SYNC -> writeFailure = Failures.combine(writeFailure, f);
      case SIZE -> OrphanFailures.report("a cancelled size() of " + this + " failed", f);
    }
  }

  private void waitForJob(Context cx) {
    Waker w = cx.waker();
    for (Waker x : waiters) {
      if (x == w) {
        return;
      }
    }
    waiters.add(w);
  }

  private void wakeWaiters() {
    toWake.addAll(waiters);
    waiters.clear();
  }

  /** Releases the lock, then wakes whom the held section queued (rule 5). */
  private void unlockAndWake() {
    if (toWake.isEmpty()) {
      lock.unlock();
      return;
    }
    Waker[] woken = toWake.toArray(new Waker[0]);
    toWake.clear();
    lock.unlock();
    Throwable failure = null;
    for (Waker w : woken) {
      try {
        w.wake();
      } catch (Throwable t) { // a foreign waker; the others must still be woken
        failure = Failures.combine(failure, t);
      }
    }
    if (failure != null) {
      throw Failures.sneakyThrow(failure);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new UncheckedIOException(this + " is closed", new ClosedChannelException());
    }
  }

  // ---- the futures ----

  /** {@link #read}: the pending read of rule 4 while it waits. */
  private final class ReadFuture extends OnceFuture<Integer> {
    private final ByteBuffer dst;

    ReadFuture(ByteBuffer dst) {
      this.dst = dst;
    }

    @Override
    protected Poll<Integer> pollOnce(Context cx) {
      return readAs(this, cx, dst, "AsyncFile.read");
    }

    @Override
    public void cancel() {
      if (!isCompleted()) {
        markCompleted();
        abandonRead(this);
      }
    }
  }

  /** {@link #readExact}: one pending read until {@code dst} is full. */
  private final class ReadExactFuture extends OnceFuture<Void> {
    private final ByteBuffer dst;

    ReadExactFuture(ByteBuffer dst) {
      this.dst = dst;
    }

    @Override
    protected Poll<Void> pollOnce(Context cx) {
      while (dst.hasRemaining()) {
        Poll<Integer> p = readAs(this, cx, dst, "AsyncFile.readExact");
        if (!p.isReady()) {
          return Poll.pending();
        }
        if (p.value() < 0) {
          throw new UncheckedIOException(new EOFException(
              AsyncFile.this + " ended with " + dst.remaining() + " bytes still to read"));
        }
      }
      return Poll.ready(null);
    }

    @Override
    public void cancel() {
      if (!isCompleted()) {
        markCompleted();
        abandonRead(this);
      }
    }
  }

  /** {@link #write}: the pending write of rule 4 while it waits. */
  private final class WriteFuture extends OnceFuture<Integer> {
    private final ByteBuffer src;

    WriteFuture(ByteBuffer src) {
      this.src = src;
    }

    @Override
    protected Poll<Integer> pollOnce(Context cx) {
      return writeAs(this, cx, src, "AsyncFile.write");
    }

    @Override
    public void cancel() {
      if (!isCompleted()) {
        markCompleted();
        abandonWrite(this);
      }
    }
  }

  /** {@link #writeAll}: one pending write until {@code src} is empty. */
  private final class WriteAllFuture extends OnceFuture<Void> {
    private final ByteBuffer src;

    WriteAllFuture(ByteBuffer src) {
      this.src = src;
    }

    @Override
    protected Poll<Void> pollOnce(Context cx) {
      while (src.hasRemaining()) {
        if (!writeAs(this, cx, src, "AsyncFile.writeAll").isReady()) {
          return Poll.pending();
        }
      }
      return Poll.ready(null);
    }

    @Override
    public void cancel() {
      if (!isCompleted()) {
        markCompleted();
        abandonWrite(this);
      }
    }
  }

  /** {@link #size} and {@link #sync}: one job of their own, after those before it. */
  private final class JobFuture extends OnceFuture<Long> {
    final FileJob.Kind kind;
    final String what;
    final Callable<Long> body;
    FileJob mine; // the job it started, until it took the outcome; guarded by the file's lock

    JobFuture(FileJob.Kind kind, String what, Callable<Long> body) {
      this.kind = kind;
      this.what = what;
      this.body = body;
    }

    @Override
    protected Poll<Long> pollOnce(Context cx) {
      return jobStep(this, cx);
    }

    @Override
    public void cancel() {
      if (!isCompleted()) {
        markCompleted();
        abandonJob(this);
      }
    }
  }
}
