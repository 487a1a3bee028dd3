package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Cancel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of futures run concurrently within one task, as a stream of their values in the order
 * they finish: futures-rs's {@code FuturesUnordered}.
 *
 * <pre>{@code
 * FuturesUnordered<String> pages = new FuturesUnordered<>();
 * for (URI u : uris) {
 *   pages.add(fetch(u));
 * }
 * Optional<String> first = pages.next().await();   // whichever page came first
 * }</pre>
 *
 * <p>Polling the set polls only the futures that were woken since they were last polled (each
 * future has its own waker, which puts it on a ready-to-run queue), so a set of n futures costs
 * O(wake-ups) per poll, not O(n). A future that is woken several times before it is polled
 * again is polled once. A future that fails makes the poll fail with its failure; it leaves the
 * set, and the others stay. When the set is empty the stream gives the end; adding a future
 * makes it give values again.
 *
 * <p>{@link #add}, {@link #size}, {@link #isEmpty}, {@link #pollNext} and {@link #cancel} are for
 * the owner's thread; the futures' wakers may be called from any thread. Cancelling the set
 * cancels every future in it and empties it.
 *
 * @param <T> the type of the futures' values (non-null, as every stream item)
 */
public final class FuturesUnordered<T> implements Stream<T> {

  /*
   * Implementation overview
   * -----------------------
   * Each future lives in a Node, which is also the future's Waker. Nodes sit in `nodes`, touched
   * by the owner's thread only, for cancel() to find them. A node that finished is only marked
   * (its future dropped), not taken out: taking it out would touch another node, a cache miss
   * when futures finish in random order. The array is compacted when it is full and at least
   * half of it is finished nodes, and cleared when the set becomes empty, so it holds at most
   * about twice the live nodes.
   *
   * The ready-to-run queue is a Treiber stack (`head`) that wakers push onto from any thread,
   * and that the owner takes whole with one getAndSet, reversing it into `ready`, a FIFO list
   * private to the owner. A node's `queued` flag is 1 from its push until the owner takes it off
   * `ready` and is about to poll it:
   *   1. wake(): CAS queued 0 -> 1; only the winner pushes, so a node is on the queue at most
   *      once, and wakes that come while it is queued coalesce into one poll.
   *   2. the owner unlinks the node from `ready`, then sets queued = 0, then polls the future:
   *      a wake during or after that poll queues the node again and is never lost.
   *   3. a wake pushes first, then reads `parent` (the consumer's waker); the owner writes
   *      `parent` first, then takes the stack. Both are volatile, so either the owner's take
   *      sees the push, or the push comes later and its read of `parent` sees the current
   *      waker: the consumer is always woken.
   *   4. a node released (its future finished, failed or was cancelled) keeps queued = 1, so it
   *      is never pushed again; if it was on the queue already, the owner skips it.
   * A poll polls at most size() futures; if more are queued (futures that keep waking
   * themselves), it wakes its own waker and returns pending, so it always returns.
   */

  private static final VarHandle HEAD;
  private static final VarHandle QUEUED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(FuturesUnordered.class, "head", Node.class);
      QUEUED = l.findVarHandle(Node.class, "queued", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private Node<T>[] nodes = new Node[8]; // nodes[0 .. used): live, or finished and not yet swept
  private int used;
  private int size;                      // live nodes
  private Node<T> ready;                 // taken from the stack, oldest wake first; owner only
  private volatile Node<T> head;         // woken nodes, newest first; pushed from any thread
  private volatile Waker parent;         // the consumer's waker, from its latest poll

  /** An empty set. */
  public FuturesUnordered() {}

  /**
   * Adds {@code f} to the set; it is polled at the set's next poll (and the consumer's waker, if
   * the set was polled before, is woken so that poll happens).
   *
   * @param f the future to add
   */
  public void add(Future<? extends T> f) {
    Objects.requireNonNull(f, "f");
    push(f, 0);
    Waker p = parent;
    if (p != null) {
      p.wake();
    }
  }

  /**
   * The number of futures in the set (not finished yet, or finished but not yet polled).
   *
   * @return the number of futures in the set
   */
  public int size() {
    return size;
  }

  /**
   * True if the set holds no future.
   *
   * @return true if {@link #size()} is 0
   */
  public boolean isEmpty() {
    return size == 0;
  }

  /**
   * Polls the woken futures until one finishes: ready with its value; ready with empty if the
   * set is empty; pending otherwise (the waker will be woken when a future is). A future that
   * failed makes this throw its failure; it is no longer in the set.
   */
  @Override
  public Poll<Optional<T>> pollNext(Context cx) {
    Object r = pollRaw(cx);
    if (r instanceof Node<?> n) {
      return Poll.ready(Optional.of(item(n)));
    }
    return BaseStream.toPoll(r);
  }

  /** Cancels every future in the set (even if one cancel throws) and empties it. */
  @Override
  public void cancel() {
    Node<T>[] all = Arrays.copyOf(nodes, used);
    clear();
    ready = null;
    HEAD.getAndSet(this, (Node<T>) null);
    parent = null;
    Future<?>[] live = new Future<?>[all.length];
    for (int i = 0; i < all.length; i++) {
      live[i] = all[i].future; // null for a node that finished already
      all[i].release();
    }
    Cancel.all(live);
  }

  /* ---- For the library's own combinators ---- */

  /** Adds {@code f} with a tag for the caller, without waking the consumer (the caller polls next). */
  void push(Future<? extends T> f, long tag) {
    Node<T> n = new Node<>(this, f, tag);
    if (used == nodes.length) {
      if (size <= used / 2) {
        sweep();
      } else {
        nodes = Arrays.copyOf(nodes, used * 2);
      }
    }
    nodes[used++] = n;
    size++;
    QUEUED.setVolatile(n, 1);
    enqueue(n);
  }

  /**
   * One poll: the {@link Node} whose future finished (its value in {@link Node#value}, which may
   * be null), or {@link BaseStream#END} if the set is empty, or {@link BaseStream#PENDING}.
   */
  Object pollRaw(Context cx) {
    parent = cx.waker();
    if (size == 0) {
      return BaseStream.END;
    }
    int budget = size;
    int polled = 0;
    for (;;) {
      Node<T> n = ready;
      if (n == null) {
        n = takeQueue();
        if (n == null) {
          return BaseStream.PENDING;
        }
      }
      Future<? extends T> f = n.future;
      if (f == null) { // released while it was queued
        ready = n.next;
        n.next = null;
        continue;
      }
      if (polled == budget) { // the rest waits for the next poll, which we ask for
        ready = n;
        cx.waker().wake();
        return BaseStream.PENDING;
      }
      ready = n.next;
      n.next = null;
      QUEUED.setVolatile(n, 0);
      polled++;
      Poll<? extends T> p;
      try {
        p = f.poll(n.cx);
      } catch (Throwable t) {
        remove(n);
        throw t;
      }
      if (p instanceof Poll.Ready<? extends T> r) {
        remove(n);
        n.value = r.value();
        return n;
      }
    }
  }

  /** The value of a finished node, checked as a stream item. */
  static <T> T item(Node<?> n) {
    Object v = n.value;
    n.value = null;
    return BaseStream.item(Objects.requireNonNull(v,
        "a future in a FuturesUnordered gave null; stream items are non-null"));
  }

  private void remove(Node<T> n) {
    n.release();
    if (--size == 0) {
      clear();
    }
  }

  private void clear() {
    Arrays.fill(nodes, 0, used, null);
    used = 0;
    size = 0;
  }

  /** Drops the finished nodes from {@code nodes}, keeping the live ones in order. */
  private void sweep() {
    int live = 0;
    for (int i = 0; i < used; i++) {
      Node<T> n = nodes[i];
      if (n.future != null) {
        nodes[live++] = n;
      }
    }
    Arrays.fill(nodes, live, used, null);
    used = live;
  }

  private void enqueue(Node<T> n) {
    Node<T> h;
    do {
      h = head;
      n.next = h;
    } while (!HEAD.compareAndSet(this, h, n));
  }

  /** Takes every woken node off the stack; returns them oldest first (and keeps them in ready). */
  private Node<T> takeQueue() {
    @SuppressWarnings("unchecked")
    Node<T> list = (Node<T>) HEAD.getAndSet(this, (Node<T>) null);
    Node<T> ordered = null;
    while (list != null) {
      Node<T> next = list.next;
      list.next = ordered;
      ordered = list;
      list = next;
    }
    ready = ordered;
    return ordered;
  }

  /** One future of the set, and its waker. */
  static final class Node<T> implements Waker {
    final FuturesUnordered<T> set;
    final Context cx;
    final long tag;                 // for the combinator that added it
    Future<? extends T> future;     // null once released; owner's thread only
    Object value;                   // the value, once finished
    volatile int queued;            // 1 while on the ready-to-run queue (or released)
    Node<T> next;                   // link in the stack / ready list

    Node(FuturesUnordered<T> set, Future<? extends T> future, long tag) {
      this.set = set;
      this.future = future;
      this.tag = tag;
      this.cx = Context.of(this);
    }

    void release() {
      future = null;
      QUEUED.setVolatile(this, 1);
    }

    @Override
    public void wake() {
      if (QUEUED.compareAndSet(this, 0, 1)) {
        FuturesUnordered<T> s = set;
        s.enqueue(this);
        Waker p = s.parent;
        if (p != null) {
          p.wake();
        }
      }
    }
  }
}
