package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Cleaners;
import dev.weft.internal.Coop;
import dev.weft.internal.Failures;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared state of a {@link Watch} channel.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>{@code current} is one immutable (value, version) pair, replaced as a whole under the
 *       lock; readers read it without the lock.
 *   <li>Each receiver keeps the version it has seen. {@code changed()} compares, and if nothing
 *       new exists queues its future (the node) under the lock, re-checking there; a send or a
 *       close takes every queued future off the list and wakes them after the unlock.
 * </ol>
 */
final class WatchCell<T> {
  /** One value with its version. */
  record Versioned<T>(T value, long version) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList<Changed<T>> waiting = new WaitList<>(); // guarded by lock
  private volatile Versioned<T> current;                         // written under lock
  private volatile boolean closed;                               // written under lock

  WatchCell(T initial) {
    current = new Versioned<>(Objects.requireNonNull(initial, "initial"), 0);
  }

  private void publish(T v, boolean close) {
    Waker[] wake;
    lock.lock();
    try {
      if (closed) {
        if (close) {
          return;
        }
        throw new IllegalStateException("the Watch sender was closed");
      }
      if (close) {
        closed = true;
      } else {
        current = new Versioned<>(v, current.version() + 1);
      }
      wake = waiting.drainWakers();
    } finally {
      lock.unlock();
    }
    WaitList.wakeAll(wake);
  }

  /** The sender handle. */
  static final class Tx<T> implements Watch.Sender<T> {
    private final WatchCell<T> cell;
    private final Cleaner.Cleanable cleanable;

    Tx(WatchCell<T> cell) {
      this.cell = cell;
      this.cleanable = Cleaners.CLEANER.register(this, new Drop(cell));
    }

    /** The cleaning action: must not reference the handle. */
    private record Drop(WatchCell<?> cell) implements Runnable {
      @Override
      public void run() {
        cell.publish(null, true);
      }
    }

    @Override
    public void send(T v) {
      Objects.requireNonNull(v, "v");
      cell.publish(v, false);
    }

    @Override
    public Watch.Receiver<T> subscribe() {
      return new Rx<>(cell);
    }

    @Override
    public void close() {
      cleanable.clean();
    }
  }

  /** A receiver: the version it has seen. */
  static final class Rx<T> implements Watch.Receiver<T> {
    private final WatchCell<T> cell;
    volatile long seen;

    Rx(WatchCell<T> cell) {
      this.cell = cell;
      this.seen = cell.current.version();
    }

    @Override
    public T borrow() {
      return cell.current.value();
    }

    @Override
    public Future<Void> changed() {
      return new Changed<>(this);
    }
  }

  /** The {@code changed()} future: its own waiter node. */
  static final class Changed<T> extends WaitNode implements Future<Void> {
    private final Rx<T> rx;
    private boolean done;

    Changed(Rx<T> rx) {
      this.rx = rx;
    }

    @Override
    public String describe() {
      return "changed(watch)";
    }

    @Override
    public Poll<Void> poll(Context cx) {
      if (done) {
        throw Failures.polledAfterCompletion(this);
      }
      if (!Coop.proceed(cx)) {
        return Poll.pending(); // a channel operation spends the task's budget, as recv does
      }
      WatchCell<T> cell = rx.cell;
      cell.lock.lock();
      try {
        long v = cell.current.version();
        if (v != rx.seen) {
          cell.waiting.remove(this);
          rx.seen = v;
          done = true;
          return AcquireFuture.readyOf(null);
        }
        if (cell.closed) {
          cell.waiting.remove(this);
          done = true;
          throw new ChannelClosedException("the Watch sender is closed and every value was seen");
        }
        waker = cx.waker();
        if (!linked) {
          cell.waiting.addLast(this);
        }
      } finally {
        cell.lock.unlock();
      }
      Coop.refund(); // only a poll that made progress keeps its unit spent
      return Poll.pending();
    }

    @Override
    public void cancel() {
      if (!done) {
        done = true;
        rx.cell.lock.lock();
        try {
          rx.cell.waiting.remove(this);
        } finally {
          rx.cell.lock.unlock();
        }
      }
    }
  }
}
