package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Failures;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A signal that work should stop (tokio-util's {@code CancellationToken}): any number of tasks
 * await {@link #cancelled()}, and one {@link #cancel()} wakes them all. Tokens form a tree:
 * cancelling a token cancels its {@link #child() children} (and theirs), never its parent.
 *
 * <pre>{@code
 * CancellationToken shutdown = new CancellationToken();
 * Future<Void> worker = Select.<Void>create()
 *     .on(shutdown.cancelled().fuse(), v -> null)
 *     .on(work().fuse(), v -> null)
 *     .future();
 * ...
 * shutdown.cancel();
 * }</pre>
 *
 * <h2>Rules (implementation)</h2>
 * <ol>
 *   <li>{@code cancelled} is volatile and flips once, under the lock; the waiters and children
 *       taken at that moment are woken and cancelled after the unlock, children iteratively (a
 *       deep tree does not overflow the stack).
 *   <li>A child registers with its parent under the parent's lock; if the parent is already
 *       cancelled, the child is born cancelled.
 *   <li>A parent holds its children weakly and a child its parent strongly: a child nobody can
 *       observe may be collected, but a reachable descendant keeps its whole chain of ancestors
 *       and so still hears their cancellation. Cleared references are purged as children are
 *       added.
 * </ol>
 */
public final class CancellationToken {
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList<Waiter> waiters = new WaitList<>();           // guarded by lock
  private List<WeakReference<CancellationToken>> children;           // guarded by lock
  private int purgeAt = 16;                                            // guarded by lock
  @SuppressWarnings({"unused", "FieldCanBeLocal"})
  private final CancellationToken parent; // strong: keeps the ancestors reachable (rule 3)
  private volatile boolean cancelled;

  /** A new root token, not cancelled. */
  public CancellationToken() {
    this.parent = null;
  }

  private CancellationToken(CancellationToken parent) {
    this.parent = parent;
  }

  /** Cancels this token and every descendant, waking everything waiting on them. Idempotent. */
  public void cancel() {
    ArrayDeque<CancellationToken> todo = new ArrayDeque<>();
    todo.add(this);
    Throwable failure = null;
    CancellationToken t;
    while ((t = todo.poll()) != null) {
      WaitNode chain;
      List<WeakReference<CancellationToken>> kids;
      t.lock.lock();
      try {
        if (t.cancelled) {
          continue;
        }
        t.cancelled = true;
        chain = t.waiters.drainToChain();
        kids = t.children;
        t.children = null;
      } finally {
        t.lock.unlock();
      }
      if (kids != null) {
        for (WeakReference<CancellationToken> ref : kids) {
          CancellationToken kid = ref.get();
          if (kid != null) {
            todo.add(kid);
          }
        }
      }
      try {
        WaitNode.wakeChain(chain);
      } catch (Throwable e) {
        failure = Failures.combine(failure, e);
      }
    }
    if (failure != null) {
      throw Failures.sneakyThrow(failure);
    }
  }

  /**
   * True once this token (or an ancestor) was cancelled.
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * A future that completes once this token is cancelled (at once if it is already). A new
   * future on each call.
   *
   * <p><b>Cancel safety.</b> Cancelling it only takes it off the token's waiter list (O(1)); the
   * token is not affected.
   *
   * @return a new future
   */
  public Future<Void> cancelled() {
    return new Waiter(this);
  }

  /**
   * A new token that is cancelled when this one is (at once if this one already is); cancelling
   * the child leaves this token alone.
   *
   * @return a new child token
   */
  public CancellationToken child() {
    CancellationToken kid = new CancellationToken(this);
    lock.lock();
    try {
      if (!cancelled) {
        if (children == null) {
          children = new ArrayList<>();
        }
        if (children.size() >= purgeAt) {
          children.removeIf(r -> r.get() == null);
          purgeAt = Math.max(16, children.size() * 2);
        }
        children.add(new WeakReference<>(kid));
        return kid;
      }
    } finally {
      lock.unlock();
    }
    kid.cancelled = true; // born cancelled (rule 2)
    return kid;
  }

  @Override
  public String toString() {
    return "CancellationToken[" + (cancelled ? "cancelled" : "active") + "]";
  }

  /** The {@code cancelled()} future: its own waiter node. */
  static final class Waiter extends WaitNode implements Future<Void> {
    private final CancellationToken token;
    private boolean done;

    Waiter(CancellationToken token) {
      this.token = token;
    }

    @Override
    public String describe() {
      return "cancelled(CancellationToken)";
    }

    @Override
    public Poll<Void> poll(Context cx) {
      if (done) {
        throw Failures.polledAfterCompletion(this);
      }
      if (!token.cancelled) {
        token.lock.lock();
        try {
          if (!token.cancelled) {
            waker = cx.waker();
            if (!linked) {
              token.waiters.addLast(this);
            }
            return Poll.pending();
          }
        } finally {
          token.lock.unlock();
        }
      }
      done = true;
      return AcquireFuture.readyOf(null);
    }

    @Override
    public void cancel() {
      if (!done) {
        done = true;
        token.lock.lock();
        try {
          token.waiters.remove(this);
        } finally {
          token.lock.unlock();
        }
      }
    }
  }
}
