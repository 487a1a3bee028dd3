package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AsyncWrite} that records what it is asked to do, in order: {@code "write n"},
 * {@code "flush"}, {@code "shutdown"}. A test may limit the bytes one write takes, make writes
 * wait ({@link #block()} until {@link #unblock()}), or make the next write fail.
 */
final class RecordingWriter implements AsyncWrite {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final List<String> events = new ArrayList<>();
  private int maxPerWrite = Integer.MAX_VALUE;
  private boolean blocked;
  private boolean shutDown;
  private UncheckedIOException failure;
  private Waker waker;

  RecordingWriter maxPerWrite(int n) {
    maxPerWrite = n;
    return this;
  }

  /** Writes, flushes and shutdowns are pending from now on, until {@link #unblock()}. */
  synchronized void block() {
    blocked = true;
  }

  synchronized void unblock() {
    blocked = false;
    Waker w = waker;
    waker = null;
    if (w != null) {
      w.wake();
    }
  }

  /** The next write fails with {@code cause}. */
  synchronized void failNextWrite(IOException cause) {
    failure = new UncheckedIOException(cause);
  }

  synchronized byte[] written() {
    return bytes.toByteArray();
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized long count(String event) {
    return events.stream().filter(event::equals).count();
  }

  synchronized boolean isShutDown() {
    return shutDown;
  }

  @Override
  public synchronized Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
    if (failure != null) {
      throw failure;
    }
    if (shutDown) {
      throw new UncheckedIOException(new IOException("write after shutdown"));
    }
    if (blocked) {
      waker = cx.waker();
      return Poll.pending();
    }
    int n = Math.min(src.remaining(), maxPerWrite);
    byte[] b = new byte[n];
    src.get(b);
    bytes.write(b, 0, n);
    events.add("write " + n);
    return Poll.ready(n);
  }

  @Override
  public synchronized Poll<Void> pollFlush(Context cx) {
    if (blocked) {
      waker = cx.waker();
      return Poll.pending();
    }
    events.add("flush");
    return Poll.ready(null);
  }

  @Override
  public synchronized Poll<Void> pollShutdown(Context cx) {
    if (blocked) {
      waker = cx.waker();
      return Poll.pending();
    }
    events.add("shutdown");
    shutDown = true;
    return Poll.ready(null);
  }
}
