package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Failures;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A future completed by the test: pending until {@link #complete} or {@link #fail}; remembers
 * the latest waker and counts polls and cancels. Thread-safe for completion from another thread.
 */
public final class ManualFuture<T> implements Future<T> {
  private volatile Waker waker;
  private volatile boolean done;
  private volatile T value;
  private volatile Throwable failure;
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger cancels = new AtomicInteger();
  private volatile RuntimeException cleanupFailure; // thrown by cancel(), if set
  private final String name;

  public ManualFuture() {
    this("manual");
  }

  public ManualFuture(String name) {
    this.name = name;
  }

  @Override
  public Poll<T> poll(Context cx) {
    polls.incrementAndGet();
    if (cancels.get() > 0) {
      throw new AssertionError(name + " polled after cancel");
    }
    waker = cx.waker();
    if (!done) {
      return Poll.pending();
    }
    if (failure != null) {
      throw Failures.sneakyThrow(failure);
    }
    return Poll.ready(value);
  }

  public void complete(T v) {
    value = v;
    done = true;
    wake();
  }

  public void fail(Throwable t) {
    failure = t;
    done = true;
    wake();
  }

  private void wake() {
    Waker w = waker;
    if (w != null) {
      w.wake();
    }
  }

  @Override
  public void cancel() {
    cancels.incrementAndGet();
    RuntimeException e = cleanupFailure;
    if (e != null) {
      throw e;
    }
  }

  /**
   * Makes {@link #cancel()} throw {@code e} (after counting the cancel), as an async block whose
   * {@code finally} throws does: a cleanup that fails.
   */
  public ManualFuture<T> failCleanupWith(RuntimeException e) {
    cleanupFailure = e;
    return this;
  }

  public boolean isCancelled() {
    return cancels.get() > 0;
  }

  public int cancelCount() {
    return cancels.get();
  }

  public int pollCount() {
    return polls.get();
  }

  public boolean hasWaker() {
    return waker != null;
  }

  @Override
  public String toString() {
    return name;
  }
}
