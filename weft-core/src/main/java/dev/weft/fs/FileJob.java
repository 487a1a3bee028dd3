package dev.weft.fs;

import dev.weft.runtime.JoinHandle;
import java.nio.ByteBuffer;

/**
 * One blocking operation of an {@link AsyncFile} on the runtime's blocking pool: tokio's
 * {@code State::Busy}. A file has at most one in flight; its fields other than {@link #handle}
 * are guarded by the file's lock.
 */
final class FileJob {

  /** What the job does; each kind says where its outcome goes when its owner has left. */
  enum Kind {
    /** Reads into the file's buffer; the bytes become the file's read-ahead. */
    READ,
    /** Writes the file's buffer, after stepping back over any read-ahead. */
    WRITE,
    /** {@code FileChannel.size()}. */
    SIZE,
    /** {@code FileChannel.force(true)}. */
    SYNC
  }

  final Kind kind;
  /** Who waits for the outcome (a future, or AsyncFile's anonymous poller); null once it left. */
  Object owner;
  JoinHandle<Outcome<Long>> handle;
  /** The job has ended; {@link #value} or {@link #failure} holds its outcome. */
  boolean done;
  long value;
  Throwable failure;
  /** A WRITE's source buffer, whose position moves past its bytes when they are accounted. */
  ByteBuffer source;
  /** The bytes a WRITE copied from {@link #source} (from its position). */
  int length;

  FileJob(Kind kind, Object owner) {
    this.kind = kind;
    this.owner = owner;
  }

  @Override
  public String toString() {
    return kind + (done ? " (done)" : " (in flight)");
  }
}
