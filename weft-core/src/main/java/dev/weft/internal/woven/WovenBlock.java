package dev.weft.internal.woven;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Describe;
import dev.weft.internal.Failures;
import dev.weft.internal.ThreadState;
import dev.weft.internal.coro.AwaitStacks;
import java.util.concurrent.CancellationException;

/**
 * The future of a woven async block: a lambda passed to {@code Async.async} or {@code asyncRun}
 * that weft's weaver compiled, at build time, into a stackless state machine. It keeps the
 * semantics of the continuation engine ({@code dev.weft.internal.coro.AsyncBlock}) without a
 * stack to freeze, a JVM flag, or a thread to stay on.
 *
 * <h2>What the weaver generates</h2>
 * For a lambda {@code lambda$main$0} of class {@code H}, the weaver makes a final subclass
 * {@code H$Woven0} of this class whose fields are the lambda's captured values, an {@code int}
 * label (0 before the start, {@code k} when suspended at the k-th await), the future awaited
 * there, and the locals and operand-stack values live across an await, spilled by kind
 * (reference, int, long; floats and doubles travel as their raw bits). Its {@link #resume}
 * calls the lambda's method, rewritten in place in {@code H} (so stack traces keep the user's
 * class, method and lines) to take the block and the poll's context: a switch on the label
 * jumps to the start or to the await it suspended at, after reloading what was spilled. Each
 * {@code await()} became {@link #step}, written out in place ({@link #beforePoll}, the future's
 * poll with {@link #pollFailed} as its handler, {@link #valueOrPending}): a value continues the
 * body; {@link #PENDING} makes the body spill what is live, set its label and return
 * {@link #PENDING}.
 *
 * <h2>States</h2>
 * <pre>
 *   NEW ──poll──▶ RUNNING ──step gave PENDING──▶ SUSPENDED ──poll──▶ RUNNING ──body ends──▶ DONE
 *    │                                              │
 *    └──cancel──▶ CANCELLED       cancel: resume with CANCEL_REQUESTED ──body ends──▶ CANCELLED
 * </pre>
 * <ol>
 *   <li>The fields are plain: poll and cancel are called by the block's single owner, and a
 *       runtime that moves a task between threads orders those calls through the task's state
 *       word. A suspended woven block holds no stack, so it may resume on any thread: runtimes
 *       never pin it ({@link ThreadState#mountedCoroutine} stays untouched).
 *   <li>While the body runs, {@link ThreadState#coroutine} names this block, so
 *       {@code Async.inAsync()} is true and {@code blockOn} refuses to block, as in a coroutine.
 *   <li>An {@code await()} the weaver did not see (in a method the body calls) cannot suspend a
 *       stackless body: it throws {@link IllegalStateException} naming the fix
 *       ({@link #unseenAwait}), whether its future is ready or not, so the failure does not
 *       depend on timing.
 *   <li>{@link #step} polls the awaited future with the context of the poll in progress; a
 *       failure thrown by that poll comes out as {@code await()} throws it (checked ones wrapped,
 *       {@link Failures#forCaller}), and a block that lets it escape fails with the original.
 *   <li>Cancel of a SUSPENDED block sets CANCEL_REQUESTED and resumes the body: the await it is
 *       parked in cancels its future and throws {@link CancellationException}, every later
 *       await throws at once, so finally blocks and try-with-resources run. A failure other
 *       than that cancellation thrown by the cleanup is rethrown from {@link #cancel()}.
 *   <li>A block cancelled before its first poll never runs; a completed block throws
 *       {@link IllegalStateException} when polled again.
 * </ol>
 *
 * <p>Public only because woven classes live in the user's packages; not API.
 *
 * @param <T> the type of the block's value
 */
public abstract class WovenBlock<T> implements Future<T> {
  /** What {@link #step} and the body return when the block must suspend. */
  public static final Object PENDING = new Object() {
    @Override
    public String toString() {
      return "PENDING";
    }
  };

  private static final byte NEW = 0;
  private static final byte RUNNING = 1;
  private static final byte SUSPENDED = 2;
  private static final byte DONE = 3;
  private static final byte CANCELLED = 4;

  private byte state;
  private boolean cancelRequested;

  /** For the generated subclass. */
  protected WovenBlock() {}

  /**
   * Runs the body from its label until it ends or suspends (the generated subclass calls the
   * rewritten lambda method).
   *
   * @param cx the context of the poll in progress
   * @return the body's value, or {@link #PENDING} if it suspended
   * @throws Throwable whatever the body threw
   */
  protected abstract Object resume(Context cx) throws Throwable;

  /**
   * Where the lambda the block was woven from is: {@code Class.method(File:line)}; for messages.
   *
   * @return the generated description of the block's source
   */
  protected abstract String origin();

  /**
   * Where the suspended block waits, for task dumps: its lambda's class and method and the line
   * of the await it is suspended at (the weaver generates it from the label; a woven block has
   * no stack to walk).
   *
   * @return the frame of the current await, or null when not suspended (or woven by a weaver
   *     that did not generate it)
   */
  protected StackTraceElement awaitFrame() {
    return null;
  }

  /**
   * The future the suspended block waits for (the weaver generates it).
   *
   * @return the awaited future, or null when not suspended (or not generated)
   */
  protected Future<?> awaitedFuture() {
    return null;
  }

  @Override
  public final Poll<T> poll(Context cx) {
    return poll(cx, ThreadState.current());
  }

  /**
   * {@link #poll(Context)} for a runtime thread that already holds its {@link ThreadState}: a
   * task's poll passes it, and so saves the look-up on a thread that is not a carrier (the
   * current-thread runtime runs its tasks on the caller of {@code blockOn}).
   *
   * @param cx the context of the poll
   * @param ts the calling thread's state
   * @return as {@link #poll(Context)}
   */
  public final Poll<T> poll(Context cx, ThreadState ts) {
    byte s = state;
    if (s != NEW && s != SUSPENDED) {
      if (s == RUNNING) {
        throw new IllegalStateException(
            "an async block was polled while its own body is running (a future polled itself?)");
      }
      // Named as the continuation engine's block is: woven or not, it is an async block.
      throw Failures.polledAfterCompletion("AsyncBlock");
    }
    Object r = run(cx, ts);
    if (r == PENDING) {
      state = SUSPENDED;
      return Poll.pending();
    }
    state = DONE;
    @SuppressWarnings("unchecked")
    T v = (T) r;
    return Poll.ready(v);
  }

  /** Runs the body with this block published in {@link ThreadState#coroutine} (rule 2). */
  private Object run(Context cx, ThreadState ts) {
    state = RUNNING;
    Object outer = ts.coroutine;
    ts.coroutine = this;
    try {
      return resume(cx);
    } catch (Throwable t) {
      state = DONE;
      throw Failures.sneakyThrow(Failures.original(t));
    } finally {
      ts.coroutine = outer;
    }
  }

  @Override
  public final void cancel() {
    switch (state) {
      case NEW -> state = CANCELLED;
      case SUSPENDED -> {
        cancelRequested = true;
        Throwable failure = null;
        try {
          // every await throws now, so the body cannot suspend
          run(Context.of(Waker.noop()), ThreadState.current());
        } catch (Throwable t) {
          failure = t;
        }
        state = CANCELLED;
        if (failure != null && !(failure instanceof CancellationException)) {
          // The body's cleanup failed; like a panic in Rust's drop, that is not swallowed.
          throw Failures.sneakyThrow(failure);
        }
      }
      case RUNNING -> cancelRequested = true; // from its own body: the next await throws
      default -> { } // completed or cancelled already
    }
  }

  /**
   * One attempt of an {@code await()} in the body (rules 4 and 5): {@link #beforePoll}, the
   * future's poll with {@link #pollFailed} for what it throws, then {@link #valueOrPending}. The
   * weaver writes those three steps out at each await of the body instead of calling this
   * method, so that each await's call to {@code poll} has a type profile of its own: through one
   * shared call here, every program with more than a few kinds of future made that call
   * megamorphic and kept the JIT from inlining the awaited future's poll into the body (seen in
   * a profile of W7 run after other workloads in the same JVM).
   *
   * @param f the awaited future
   * @param cx the context of the poll in progress
   * @return the future's value, or {@link #PENDING}
   */
  public final Object step(Future<?> f, Context cx) {
    beforePoll(f);
    Poll<?> p;
    try {
      p = f.poll(cx);
    } catch (Throwable t) {
      throw pollFailed(t);
    }
    return valueOrPending(p);
  }

  /**
   * The first step of an await: a block whose cancel was requested cancels the awaited future
   * and throws {@link CancellationException} instead of polling it (rule 5).
   *
   * @param f the awaited future
   */
  public final void beforePoll(Future<?> f) {
    if (cancelRequested) {
      f.cancel();
      throw new CancellationException("the async block was cancelled");
    }
  }

  /**
   * What an await throws when the awaited future's poll threw {@code t} (rule 4): {@code t}
   * itself when unchecked, else an {@code AwaitException} around it.
   *
   * @param t what the poll threw
   * @return the exception to throw
   */
  public static RuntimeException pollFailed(Throwable t) {
    return Failures.forCaller(t);
  }

  /**
   * The last step of an await: the value of a ready poll, or {@link #PENDING}.
   *
   * @param p what the awaited future's poll returned
   * @return the value, or {@link #PENDING}
   */
  public static Object valueOrPending(Poll<?> p) {
    if (p instanceof Poll.Ready<?> r) {
      return r.value();
    }
    return PENDING;
  }

  /**
   * The failure of an {@code await()} reached from code the weaver did not rewrite while this
   * block's body runs (rule 3).
   *
   * @return the exception to throw, naming the block and the fix
   */
  public final IllegalStateException unseenAwait() {
    return new IllegalStateException(
        "await() was called from a method that the async block at " + origin() + " calls;"
            + " that block was woven into a stackless state machine at build time, which can"
            + " only suspend at the await() calls written in its own lambda. Fix: move the"
            + " await() into the lambda passed to Async.async/asyncRun (a helper can return the"
            + " future, or be an async block of its own that the lambda awaits), or exclude this"
            + " class from weaving (weft-maven-plugin <excludes>, or weft weave --exclude) so"
            + " the block runs on the continuation engine");
  }

  /**
   * {@code woven async block at Caller.method(File.java:12) <- what it awaits} while suspended:
   * the frame is the await's line, the whole of a woven block's stack (in a task dump, its one
   * frame stands for the block's stack); else its state.
   */
  @Override
  public String describe() {
    if (state != SUSPENDED) {
      return "woven async block (" + stateName() + ")";
    }
    StackTraceElement at = awaitFrame();
    if (at == null) {
      return "woven async block from " + origin() + " (no stack)";
    }
    AwaitStacks.wovenBlockAt(at);
    return "woven async block at " + at + Describe.ARROW + Describe.of(awaitedFuture());
  }

  private String stateName() {
    return switch (state) {
      case NEW -> "not started";
      case RUNNING -> "running";
      case SUSPENDED -> "suspended";
      case DONE -> "done";
      default -> "cancelled";
    };
  }

  @Override
  public String toString() {
    return "AsyncBlock[" + stateName() + ", woven: " + origin() + "]";
  }
}
