package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.stream.Stream;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream the test feeds by hand: {@link #push} items, then {@link #end} or {@link #fail}. It is
 * pending while nothing is queued, remembers the latest waker and wakes it on each push, end or
 * failure, and counts polls and cancels, as {@link ManualFuture} does for a future.
 *
 * <pre>{@code
 * ManualStream<String> lines = new ManualStream<>("lines");
 * MockStream<String> task = MockStream.of(lines.filter(s -> !s.isEmpty()));
 * task.assertPending();
 * lines.push("").push("hello");
 * assertEquals("hello", task.assertNext());
 * lines.fail(new IOException("reset"));
 * assertInstanceOf(IOException.class, task.assertFails());
 * }</pre>
 *
 * <p>A poll after a cancel throws {@link AssertionError}, which fails the test. Feeding may come
 * from any thread.
 *
 * @param <T> the type of the items
 */
public final class ManualStream<T> implements Stream<T> {
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private boolean ended;
  private Throwable failure;
  private Waker waker; // of the latest poll
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger cancels = new AtomicInteger();
  private volatile RuntimeException cleanupFailure; // thrown by cancel(), if set
  private final String name;

  /** An empty stream named "manual stream", neither ended nor failed. */
  public ManualStream() {
    this("manual stream");
  }

  /**
   * An empty stream with a name, which its {@link #toString()} and its complaints show.
   *
   * @param name the name
   */
  public ManualStream(String name) {
    this.name = name;
  }

  /**
   * A stream with these items queued, not ended.
   *
   * @param <T> the type of the items
   * @param items the items, in order
   * @return a new stream
   */
  @SafeVarargs
  public static <T> ManualStream<T> with(T... items) {
    ManualStream<T> s = new ManualStream<>();
    for (T t : items) {
      s.push(t);
    }
    return s;
  }

  /**
   * The next queued item; after the queue, the end or the failure (thrown once, unchanged; the
   * stream has ended after it); pending while nothing is queued and the stream goes on.
   *
   * @param cx the poller's context; its waker is kept, replacing an earlier one
   * @return an item, empty for the end, or pending
   * @throws AssertionError if polled after {@link #cancel()}
   */
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
        throw Rethrow.unchanged(f);
      }
      return ended ? Poll.ready(Optional.empty()) : Poll.pending();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues an item and wakes the latest poller.
   *
   * @param item the item, not null
   * @return this stream
   */
  public ManualStream<T> push(T item) {
    lock.lock();
    try {
      items.add(item); // ArrayDeque rejects null, as a stream's items are non-null
    } finally {
      lock.unlock();
    }
    wake();
    return this;
  }

  /**
   * Ends the stream after the queued items, and wakes the latest poller.
   *
   * @return this stream
   */
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

  /**
   * Fails the stream after the queued items, and wakes the latest poller: the poll after the
   * last item throws {@code t} unchanged.
   *
   * @param t the failure
   * @return this stream
   */
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

  /** Counts the cancel; throws the failure given to {@link #failCleanupWith}, if any. */
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
   *
   * @param e what {@code cancel()} will throw
   * @return this stream
   */
  public ManualStream<T> failCleanupWith(RuntimeException e) {
    cleanupFailure = e;
    return this;
  }

  /**
   * Whether {@link #cancel()} was called.
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancels.get() > 0;
  }

  /**
   * How many times {@link #cancel()} was called.
   *
   * @return the number of cancels
   */
  public int cancelCount() {
    return cancels.get();
  }

  /**
   * How many times {@code pollNext} was called, a poll after cancel included.
   *
   * @return the number of polls
   */
  public int pollCount() {
    return polls.get();
  }

  @Override
  public String toString() {
    return name;
  }
}
