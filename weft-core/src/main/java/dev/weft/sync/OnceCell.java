package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Cancel;
import dev.weft.internal.Describe;
import dev.weft.internal.Failures;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value set at most once, possibly by an async initialiser (tokio's {@code OnceCell}).
 *
 * <pre>{@code
 * OnceCell<Config> config = new OnceCell<>();
 * Config c = config.getOrInit(() -> loadConfig()).await();  // loaded once, however many ask
 * }</pre>
 *
 * <h2>Rules (implementation)</h2>
 * <ol>
 *   <li>{@code value} is volatile and written once, under the lock. {@code initializing} (under
 *       the lock) marks that one {@code getOrInit} future owns the initialisation.
 *   <li>The owner calls the supplier and polls the init future with no lock held.
 *   <li>Others queue (the future is the node) until the owner finishes. When it succeeds, all are
 *       woken and find the value. When it fails or is cancelled, ownership is dropped and all are
 *       woken: the first to poll again becomes the next owner and runs its own initialiser; the
 *       rest queue again.
 *   <li>{@link #set} while an initialisation runs returns false.
 * </ol>
 *
 * @param <T> the type of the value
 */
public final class OnceCell<T> {
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList<Init<T>> waiting = new WaitList<>(); // guarded by lock
  private boolean initializing;                              // guarded by lock
  private volatile T value;

  /** An empty cell. */
  public OnceCell() {}

  /**
   * The value, if set.
   *
   * @return the value, or empty while it is not set
   */
  public Optional<T> get() {
    return Optional.ofNullable(value);
  }

  /**
   * Sets the value if it is not set and no initialisation runs: true if this call set it.
   * Futures waiting in {@link #getOrInit} are woken with it.
   *
   * @param value the value
   * @return true if this call set the value
   * @throws NullPointerException if {@code value} is null
   */
  public boolean set(T value) {
    Objects.requireNonNull(value, "value");
    Waker[] wake;
    lock.lock();
    try {
      if (this.value != null || initializing) {
        return false;
      }
      this.value = value;
      wake = waiting.drainWakers();
    } finally {
      lock.unlock();
    }
    WaitList.wakeAll(wake);
    return true;
  }

  /**
   * A future of the value: if it is not set and no other caller is initialising, this future
   * calls {@code init} and awaits the future it returns, and the value becomes the cell's;
   * otherwise it waits for the caller that is. One initialisation at a time.
   *
   * <p><b>Cancel safety.</b> Cancelling the caller that runs the initialisation cancels the init
   * future it owns, and the next waiting caller runs its own; a failed init likewise lets the
   * next caller try (this one fails with the init's failure). Cancelling a waiting caller only
   * takes it off the queue (O(1)).
   *
   * @param init makes the future of the value; called at most once per initialisation attempt
   * @return a new future of the value
   * @throws NullPointerException if {@code init} is null
   */
  public Future<T> getOrInit(Supplier<? extends Future<? extends T>> init) {
    Objects.requireNonNull(init, "init");
    return new Init<>(this, init);
  }

  @Override
  public String toString() {
    T v = value;
    return "OnceCell[" + (v == null ? "empty" : v) + "]";
  }

  /** Ends an initialisation that failed or was cancelled: the waiters retry (rule 3). */
  private void abandon() {
    Waker[] wake;
    lock.lock();
    try {
      initializing = false;
      wake = waiting.drainWakers();
    } finally {
      lock.unlock();
    }
    WaitList.wakeAll(wake);
  }

  private void complete(T v) {
    Waker[] wake;
    lock.lock();
    try {
      value = v;
      initializing = false;
      wake = waiting.drainWakers();
    } finally {
      lock.unlock();
    }
    WaitList.wakeAll(wake);
  }

  /** A getOrInit future: its own waiter node while another caller initialises. */
  static final class Init<T> extends WaitNode implements Future<T> {
    private final OnceCell<T> cell;
    private final Supplier<? extends Future<? extends T>> supplier;
    private Future<? extends T> running; // while this future owns the initialisation
    private boolean owner;
    private boolean done;

    Init(OnceCell<T> cell, Supplier<? extends Future<? extends T>> supplier) {
      this.cell = cell;
      this.supplier = supplier;
    }

    @Override
    public String describe() {
      return running != null ? Describe.chain("init(OnceCell)", running) : "init(OnceCell)";
    }

    @Override
    public Poll<T> poll(Context cx) {
      if (done) {
        throw Failures.polledAfterCompletion(this);
      }
      T v = cell.value;
      if (v != null) {
        done = true;
        return Poll.ready(v);
      }
      if (!owner) {
        OnceCell<T> c = cell;
        c.lock.lock();
        try {
          v = c.value;
          if (v != null) {
            c.waiting.remove(this);
            done = true;
            return Poll.ready(v);
          }
          if (c.initializing) {
            waker = cx.waker();
            if (!linked) {
              c.waiting.addLast(this);
            }
            return Poll.pending();
          }
          c.waiting.remove(this);
          c.initializing = true;
          owner = true;
        } finally {
          c.lock.unlock();
        }
      }
      return pollInit(cx);
    }

    private Poll<T> pollInit(Context cx) {
      try {
        if (running == null) {
          running = Objects.requireNonNull(supplier.get(), "the init supplier returned null");
        }
        Poll<? extends T> p = running.poll(cx);
        if (!p.isReady()) {
          return Poll.pending();
        }
        T v = Objects.requireNonNull(p.value(), "the init future gave null");
        running = null;
        owner = false;
        done = true;
        cell.complete(v);
        return Poll.ready(v);
      } catch (Throwable t) {
        running = null;
        owner = false;
        done = true;
        cell.abandon();
        throw Failures.sneakyThrow(t);
      }
    }

    @Override
    public void cancel() {
      if (done) {
        return;
      }
      done = true;
      if (owner) {
        owner = false;
        Future<? extends T> f = running;
        running = null;
        Throwable cleanupFailure = Cancel.gather(null, f);
        try {
          cell.abandon(); // the next waiting caller runs its own init
        } catch (Throwable t) {
          cleanupFailure = Failures.combine(cleanupFailure, t);
        }
        Cancel.throwIfAny(cleanupFailure);
      } else {
        cell.lock.lock();
        try {
          cell.waiting.remove(this);
        } finally {
          cell.lock.unlock();
        }
      }
    }
  }
}
