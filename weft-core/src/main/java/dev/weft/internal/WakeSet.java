package dev.weft.internal;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntConsumer;

/**
 * Remembers which of a parent future's indexed children were woken since the parent last
 * looked, so the parent re-polls only those (futures-rs's ready-to-run queue): joining n futures
 * costs O(wake-ups), not O(n) per poll.
 *
 * <p>Each child is polled with its own {@link Context} ({@link #context(int)}), whose waker
 * queues the child (once until it is drained) and then wakes the parent's current waker.
 *
 * <h2>Protocol</h2>
 * <ol>
 *   <li>The parent, on each poll, first calls {@link #register(Waker)} with its own waker, then
 *       {@link #drain(IntConsumer)} to visit the children woken since the last drain.
 *   <li>A child is unmarked before it is visited, so a wake-up during or after its poll queues
 *       it again and is never lost.
 *   <li>A child's wake pushes it (lock-free, Treiber stack) and then reads the parent's waker:
 *       a push that follows a drain therefore sees the waker registered before that drain.
 * </ol>
 * Only the parent's thread calls {@code register}, {@code drain} and {@code context}; wakes may
 * come from any thread.
 */
public final class WakeSet {
  private final Child[] children;
  private volatile Waker parent;
  private volatile Child head; // woken children, newest first

  private static final VarHandle HEAD;
  private static final VarHandle QUEUED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(WakeSet.class, "head", Child.class);
      QUEUED = l.findVarHandle(Child.class, "queued", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A set of {@code n} children, every one of them marked as woken (to be polled first time). */
  public WakeSet(int n) {
    children = new Child[n];
    Child stack = null; // newest first, as wakes push: n-1 on top, so the first drain visits 0, 1, ...
    for (int i = 0; i < n; i++) {
      Child c = new Child(this, i);
      c.queued = 1;
      c.next = stack;
      stack = c;
      children[i] = c;
    }
    head = stack;
  }

  public int size() {
    return children.length;
  }

  /** The context to poll child {@code i} with. */
  public Context context(int i) {
    return children[i].cx;
  }

  /** Registers the waker to wake when any child is woken. */
  public void register(Waker waker) {
    parent = waker;
  }

  /** Visits the children woken since the last drain, in the order they were woken. */
  public void drain(IntConsumer visit) {
    Child list = (Child) HEAD.getAndSet(this, (Child) null);
    Child ordered = null;
    while (list != null) { // reverse: oldest wake first
      Child next = list.next;
      list.next = ordered;
      ordered = list;
      list = next;
    }
    while (ordered != null) {
      Child c = ordered;
      ordered = c.next;
      c.next = null;
      QUEUED.setVolatile(c, 0);
      visit.accept(c.index);
    }
  }

  private void push(Child c) {
    Child h;
    do {
      h = head;
      c.next = h;
    } while (!HEAD.compareAndSet(this, h, c));
  }

  private static final class Child implements Waker {
    final WakeSet set;
    final int index;
    final Context cx;
    volatile int queued; // 1 while on the stack, not yet drained
    Child next;

    Child(WakeSet set, int index) {
      this.set = set;
      this.index = index;
      this.cx = Context.of(this);
    }

    @Override
    public void wake() {
      if (QUEUED.compareAndSet(this, 0, 1)) {
        set.push(this);
        Waker p = set.parent;
        if (p != null) {
          p.wake();
        }
      }
    }
  }
}
