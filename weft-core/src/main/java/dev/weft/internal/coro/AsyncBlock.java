package dev.weft.internal.coro;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Failures;
import dev.weft.internal.ThreadState;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * The future of an async block: a body run as a stackful coroutine on whichever thread polls it.
 *
 * <h2>How it runs</h2>
 * The first poll makes a continuation whose body is {@link #run()}; each poll mounts it on the
 * polling thread ({@link Continuations#run}) until the body finishes or suspends. {@code await()}
 * inside the body ({@link #await(Future)}) polls the awaited future with the context of the poll
 * in progress; ready returns at once with no suspension, pending suspends the continuation so
 * this poll returns pending, and the next poll resumes the body inside that {@code await()},
 * which polls the future again.
 *
 * <h2>States</h2>
 * <pre>
 *   NEW ──poll──▶ RUNNING ──suspend──▶ SUSPENDED ──poll──▶ RUNNING ──body ends──▶ DONE
 *    │                                     │
 *    ├──cancel──▶ CANCELLED                └──cancel: resume with cancelRequested──▶ CANCELLED
 *    └──awaited from another block──▶ INLINE ──body ends──▶ DONE
 * </pre>
 * <ol>
 *   <li>The fields are plain: poll and cancel are called by the block's single owner, and a
 *       runtime that moves a task between threads orders those calls through the task's own
 *       state word.
 *   <li>No monitor is ever held around {@link Continuations#run} (DESIGN §3: mounting under a
 *       monitor crashed the JVM in a trial).
 *   <li>{@link ThreadState#coroutine} names the block whose body is on this thread's stack, so
 *       {@code await()} finds it; it is saved and restored around each mount, which makes
 *       blocks polled from inside other blocks (nested continuations) work.
 *   <li>A block awaited before its first poll from inside another block runs its body inline on
 *       the awaiting block's coroutine (INLINE): its awaits suspend the outer block, whose
 *       context they use. No continuation is made for it.
 *   <li>Cancel of a SUSPENDED block sets {@code cancelRequested} and resumes it: the pending
 *       {@code await()} cancels its future and throws {@link CancellationException}, and every
 *       later {@code await()} throws at once, so the body runs its finally blocks and ends.
 *   <li>A suspended body resumes only on the thread it suspended on; a poll from another thread
 *       throws {@link IllegalStateException}. The reason is the JIT: HotSpot's C2 treats
 *       {@code Thread.currentThread()} as constant within a compiled frame (true for virtual
 *       threads, whose identity survives a yield, but not for a raw continuation moved to
 *       another carrier), so compiled code in the body may keep using the old thread after the
 *       move: measured here, 11,938 of 199,999 resumes on another thread saw the previous one.
 *       Thread-locals, the JDK's included, would then be another thread's. Runtimes therefore
 *       pin a task to its thread once it holds a suspended coroutine (they read
 *       {@link ThreadState#mountedCoroutine}). Cancellation is the one exception: a block may be
 *       resumed elsewhere to run its cleanup when its own thread is gone (runtime shutdown), as
 *       running the finally blocks beats leaking what they release.
 * </ol>
 */
public final class AsyncBlock<T> implements Future<T>, Runnable {
  private static final byte NEW = 0;
  private static final byte RUNNING = 1;
  private static final byte SUSPENDED = 2;
  private static final byte INLINE = 3;
  private static final byte DONE = 4;
  private static final byte CANCELLED = 5;

  private Callable<? extends T> body; // dropped once started
  private Object continuation;        // made at the first poll, dropped at the end
  private Context cx;                 // the context of the poll in progress
  private Future<?> awaiting;         // what the suspended body awaits (for diagnostics)
  private Thread suspendedOn;         // the thread the body last suspended on
  private T value;
  private Throwable failure;
  private byte state;
  private boolean finished;           // the body returned or threw
  private boolean cancelRequested;

  public AsyncBlock(Callable<? extends T> body) {
    this.body = body;
  }

  @Override
  public Poll<T> poll(Context cx) {
    switch (state) {
      case NEW -> continuation = Continuations.create(this);
      case SUSPENDED -> {
        Thread here = Thread.currentThread();
        if (here != suspendedOn) {
          throw new IllegalStateException(
              "an async block that suspended on thread '" + suspendedOn.getName()
                  + "' was polled on thread '" + here.getName() + "': a suspended async block"
                  + " must resume on the thread it suspended on (weft's runtimes guarantee this"
                  + " for tasks; an executor that moves a started async block between threads"
                  + " is not supported)");
        }
      }
      case RUNNING, INLINE -> throw new IllegalStateException(
          "an async block was polled while its own body is running (a future polled itself?)");
      default -> throw Failures.polledAfterCompletion(this);
    }
    mount(cx);
    if (!finished) {
      state = SUSPENDED;
      suspendedOn = Thread.currentThread();
      return Poll.pending();
    }
    state = DONE;
    continuation = null;
    suspendedOn = null;
    Throwable f = failure;
    if (f != null) {
      failure = null;
      throw Failures.sneakyThrow(f);
    }
    T v = value;
    value = null;
    return Poll.ready(v);
  }

  /** Runs the continuation on this thread until the body suspends or ends. */
  private void mount(Context cx) {
    this.cx = cx;
    state = RUNNING;
    ThreadState ts = ThreadState.current();
    Object outer = ts.coroutine;
    ts.coroutine = this;
    ts.mountedCoroutine = true;
    try {
      Continuations.run(continuation);
    } finally {
      ts.coroutine = outer;
      this.cx = null;
    }
  }

  /** The continuation's body. */
  @Override
  public void run() {
    Callable<? extends T> b = body;
    body = null;
    try {
      value = b.call();
    } catch (Throwable t) {
      failure = Failures.original(t);
    }
    finished = true;
  }

  @Override
  public void cancel() {
    switch (state) {
      case NEW -> {
        state = CANCELLED;
        body = null;
      }
      case SUSPENDED -> {
        cancelRequested = true;
        mount(Context.of(Waker.noop()));
        state = CANCELLED;
        continuation = null;
        awaiting = null;
        suspendedOn = null;
        value = null;
        Throwable f = failure;
        failure = null;
        if (f != null && !(f instanceof CancellationException)) {
          // The body's cleanup failed; like a panic in Rust's drop, that is not swallowed.
          throw Failures.sneakyThrow(f);
        }
      }
      case RUNNING, INLINE -> cancelRequested = true; // from inside its own body: next await throws
      default -> { } // completed or cancelled already
    }
  }

  /**
   * {@code await()} of a block: a block not started yet runs inline in the awaiting block's
   * coroutine; otherwise it is awaited like any future.
   */
  @Override
  public T await() {
    if (state != NEW) {
      return await(this);
    }
    AsyncBlock<?> co = currentOrThrow();
    if (co.cancelRequested) {
      cancel();
      throw cancelled();
    }
    state = INLINE;
    Callable<? extends T> b = body;
    body = null;
    try {
      T v = b.call();
      state = DONE;
      return v;
    } catch (Throwable t) {
      state = DONE;
      throw Failures.forCaller(Failures.original(t));
    }
  }

  /** {@link Future#await()} for any future: see there. */
  public static <U> U await(Future<U> f) {
    return currentOrThrow().awaitHere(f);
  }

  private <U> U awaitHere(Future<U> f) {
    for (;;) {
      if (cancelRequested) {
        f.cancel();
        throw cancelled();
      }
      Poll<U> p;
      try {
        p = f.poll(cx);
      } catch (Throwable t) {
        throw Failures.forCaller(t);
      }
      if (p instanceof Poll.Ready<U> r) {
        return r.value();
      }
      awaiting = f;
      Continuations.suspend();
      awaiting = null;
    }
  }

  /** What the block is parked on, if it is suspended in an await (for task dumps). */
  public Future<?> awaiting() {
    return awaiting;
  }

  private static AsyncBlock<?> currentOrThrow() {
    if (ThreadState.current().coroutine instanceof AsyncBlock<?> co) {
      return co;
    }
    throw new IllegalStateException(
        "await() can only be called inside an async block (Async.async(...)); from ordinary code"
            + " use Futures.blockOn(future) or runtime.blockOn(future) to wait for a future");
  }

  private static CancellationException cancelled() {
    return new CancellationException("the async block was cancelled");
  }

  @Override
  public String toString() {
    String s = switch (state) {
      case NEW -> "not started";
      case RUNNING -> "running";
      case SUSPENDED -> "suspended";
      case INLINE -> "running inline";
      case DONE -> "done";
      default -> "cancelled";
    };
    return "AsyncBlock[" + s + "]";
  }
}
