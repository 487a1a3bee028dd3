package dev.weft.redis;

import dev.weft.future.Waker;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages published to one subscribed client and not yet in its reply buffer. Publishers
 * (on any thread) add encoded frames and wake the client's task; the task moves them into its
 * {@link Reply} when that is nearly empty, so a client that does not read leaves its messages
 * here, where the publishers see them add up. Past the pub/sub output limit (32 MB, as Redis's
 * {@code client-output-buffer-limit pubsub} hard limit) the mailbox refuses further messages
 * and marks itself over the limit; the client's task then disconnects it.
 */
final class Mailbox {
  private final ConcurrentLinkedQueue<byte[]> frames = new ConcurrentLinkedQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final long limit;
  private volatile Waker waker;
  private volatile boolean overLimit;
  private volatile boolean closed;

  Mailbox(long limit) {
    this.limit = limit;
  }

  void setWaker(Waker w) {
    waker = w;
  }

  /** Adds a message frame; false if the client is gone or over its limit (it will be cut). */
  boolean deliver(byte[] frame, long alreadyUnsent) {
    if (closed || overLimit) {
      return false;
    }
    long total = queued.addAndGet(frame.length);
    if (total + alreadyUnsent > limit) {
      overLimit = true;
    } else {
      frames.add(frame);
    }
    Waker w = waker;
    if (w != null) {
      w.wake();
    }
    return true;
  }

  boolean overLimit() {
    return overLimit;
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }

  /** Bytes waiting here. */
  long queued() {
    return queued.get();
  }

  /** Moves frames into {@code out} until it holds {@code upTo} unsent bytes or none are left. */
  void drainInto(Reply out, int upTo) {
    byte[] f;
    while (out.pending() < upTo && (f = frames.poll()) != null) {
      out.raw(f);
      queued.addAndGet(-f.length);
    }
  }

  void close() {
    closed = true;
    frames.clear();
  }
}
