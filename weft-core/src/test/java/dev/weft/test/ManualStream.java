package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Failures;
import dev.weft.stream.Stream;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream fed by the test: {@link #push} items, then {@link #end} or {@link #fail}; pending
 * while nothing is queued, remembering the latest waker and waking it on each push. Counts polls
 * and cancels, and fails the test's poll if it is polled after it was cancelled. Feeding is
 * thread-safe.
 */
public final class ManualStream<T> implements Stream<T> {
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private boolean ended;
  private Throwable failure;
  private Waker waker;
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger cancels = new AtomicInteger();
  private volatile RuntimeException cleanupFailure; // thrown by cancel(), if set
  private final String name;

  public ManualStream() {
    this("manual stream");
  }

  public ManualStream(String name) {
    this.name = name;
  }

  /** A stream with these items queued (not ended). */
  @SafeVarargs
  public static <T> ManualStream<T> with(T... items) {
    ManualStream<T> s = new ManualStream<>();
    for (T t : items) {
      s.push(t);
    }
    return s;
  }

  @Override
  public Poll<Optional<T>> pollNext(Context cx) {
    polls.incrementAndGet();
    if (cancels.get() > 0) {
      throw new AssertionError(name + " polled after cancel");
    }
    lock.lock();
    try {
      waker = cx.waker();
      T item = items.poll();
      if (item != null) {
        return Poll.ready(Optional.of(item));
      }
      if (failure != null) {
        Throwable f = failure;
        failure = null;
        ended = true;
        throw Failures.sneakyThrow(f);
      }
      return ended ? Poll.ready(Optional.empty()) : Poll.pending();
    } finally {
      lock.unlock();
    }
  }

  public ManualStream<T> push(T item) {
    lock.lock();
    try {
      items.add(item);
    } finally {
      lock.unlock();
    }
    wake();
    return this;
  }

  /** Ends the stream after the queued items. */
  public ManualStream<T> end() {
    lock.lock();
    try {
      ended = true;
    } finally {
      lock.unlock();
    }
    wake();
    return this;
  }

  /** Fails the stream after the queued items. */
  public ManualStream<T> fail(Throwable t) {
    lock.lock();
    try {
      failure = t;
    } finally {
      lock.unlock();
    }
    wake();
    return this;
  }

  private void wake() {
    Waker w;
    lock.lock();
    try {
      w = waker;
    } finally {
      lock.unlock();
    }
    if (w != null) {
      w.wake(); // never under the lock
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
  public ManualStream<T> failCleanupWith(RuntimeException e) {
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

  @Override
  public String toString() {
    return name;
  }
}
