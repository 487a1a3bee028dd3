package dev.weft.internal;

/**
 * What weft knows about the thread it runs on: the async block mounted here, the runtime whose
 * work this thread is doing, and the running task's cooperative budget.
 *
 * <p>Runtime threads implement {@link Carrier} and hold their state in a field; any other thread
 * (one that calls {@code blockOn}, say) gets one through a {@link ThreadLocal}. The fields are
 * only ever touched by their own thread, so they are plain: {@code coroutine}, {@code cx},
 * {@code runtime}, {@code schedulerThread}, {@code worker}, {@code mountedCoroutine} and
 * {@code budget}, declared between two cache-line pads ({@code ThreadStateLayout}).
 */
public final class ThreadState extends ThreadStateLayout.PadAfter {

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

  private ThreadState(Thread owner) {
    super(owner);
  }

  /** The state of a {@link Carrier} thread (made by the carrier, for itself). */
  public static ThreadState forCarrier(Thread carrier) {
    return new ThreadState(carrier);
  }

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
