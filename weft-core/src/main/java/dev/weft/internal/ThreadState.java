package dev.weft.internal;

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

  private static final ThreadLocal<ThreadState> LOCAL = ThreadLocal.withInitial(ThreadState::new);

  /** The async block whose body runs on this thread now, or null. */
  public Object coroutine;

  /** The runtime that runs tasks (or a blockOn) on this thread now, or null. */
  public Object runtime;

  /** What the running task may still do before it must yield, or {@link #UNCONSTRAINED}. */
  public int budget = UNCONSTRAINED;

  public static ThreadState current() {
    Thread t = Thread.currentThread();
    if (t instanceof Carrier c) {
      return c.threadState();
    }
    return LOCAL.get();
  }
}
