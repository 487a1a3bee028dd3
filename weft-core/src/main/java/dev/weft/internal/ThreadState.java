package dev.weft.internal;

import dev.weft.future.Context;

/**
 * What weft knows about the thread it runs on: the async block mounted here, the runtime whose
 * work this thread is doing, and the running task's cooperative budget.
 *
 * <p>Runtime threads implement {@link Carrier} and hold their state in a field; any other thread
 * (one that calls {@code blockOn}, say) gets one through a {@link ThreadLocal}. The fields are
 * only ever touched by their own thread, so they are plain.
 */
public final class ThreadState {

  /** A thread that carries its own {@link ThreadState}: faster than a ThreadLocal lookup. */
  public interface Carrier {
    ThreadState threadState();
  }

  /** Budget value meaning "no budget is being tracked" (outside a runtime task). */
  public static final int UNCONSTRAINED = Integer.MIN_VALUE;

  private static final ThreadLocal<ThreadState> LOCAL =
      ThreadLocal.withInitial(() -> new ThreadState(Thread.currentThread()));

  /**
   * The last ThreadLocal answer, with its thread: a thread that asks again (the one thread of a
   * current-thread runtime, or of Futures.blockOn) is answered with two loads instead of a
   * ThreadLocal lookup. One reference, so a reader never pairs one thread with another's state.
   */
  private static ThreadState last = new ThreadState(null);

  private final Thread owner;

  private ThreadState(Thread owner) {
    this.owner = owner;
  }

  /** The state of a {@link Carrier} thread (made by the carrier, for itself). */
  public static ThreadState forCarrier(Thread carrier) {
    return new ThreadState(carrier);
  }

  /** The async block whose body runs on this thread now, or null. */
  public Object coroutine;

  /** The context of the poll that mounted {@link #coroutine}; what its awaits poll with. */
  public Context cx;

  /** The runtime whose context this thread is in (a worker, a blocking thread, a blockOn), or null. */
  public RuntimeContext runtime;

  /**
   * True while this thread drives a scheduler (a worker, or a thread inside a runtime's
   * blockOn): blocking it would stall tasks, so blockOn is refused here.
   */
  public boolean schedulerThread;

  /** The scheduler's per-thread state (a worker), or null; meaningful with {@link #runtime}. */
  public Object worker;

  /**
   * Set when an async block mounts its coroutine on this thread; a runtime clears it before a
   * task poll and reads it after, to pin a task that now holds a suspended coroutine to this
   * thread (see {@code AsyncBlock}: a coroutine must resume where it suspended).
   */
  public boolean mountedCoroutine;

  /** What the running task may still do before it must yield, or {@link #UNCONSTRAINED}. */
  public int budget = UNCONSTRAINED;

  public static ThreadState current() {
    Thread t = Thread.currentThread();
    if (t instanceof Carrier c) {
      return c.threadState();
    }
    ThreadState cached = last;
    if (cached.owner == t) {
      return cached;
    }
    ThreadState s = LOCAL.get();
    last = s; // a racy publish is fine: readers check the owner of what they read
    return s;
  }
}
