package dev.weft.internal.coro;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Describe;
import dev.weft.internal.Failures;
import dev.weft.internal.ThreadState;
import dev.weft.internal.woven.WovenBlock;
import java.lang.invoke.MethodHandle;
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
 *    ├──cancel──▶ CANCELLED                └──cancel: resume, CANCEL_REQUESTED──▶ CANCELLED
 *    └──awaited from another block──▶ INLINE ──body ends──▶ DONE
 * </pre>
 * <ol>
 *   <li>The fields are plain: poll and cancel are called by the block's single owner, and a
 *       runtime that moves a task between threads orders those calls through the task's own
 *       state word.
 *   <li>No monitor is ever held around {@link Continuations#run}: since JDK 24 a yield freezes
 *       the thread's lock records with the continuation, the carrier's own included, so a
 *       monitor held around the mount would leave with the suspended body (mounting under a
 *       monitor crashed the JVM in a trial).
 *   <li>{@link ThreadState#coroutine} names the block whose body is on this thread's stack and
 *       {@link ThreadState#cx} the context of the poll that mounted it, so {@code await()} finds
 *       both; they are saved and restored around each mount, which makes blocks polled from
 *       inside other blocks (nested continuations) work.
 *   <li>A block awaited before its first poll from inside another block runs its body inline on
 *       the awaiting block's coroutine (INLINE): its awaits suspend the outer block, whose
 *       context they use. No continuation is made for it.
 *   <li>Cancel of a SUSPENDED block sets CANCEL_REQUESTED and resumes it: the pending
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
 *       {@link ThreadState#mountedCoroutine}): the multi-thread runtime keeps it on its worker,
 *       and a current-thread runtime refuses a blockOn from another thread while such a task
 *       exists (docs/ARCHITECTURE.md, "Pinning"). Cancellation is the one exception: a block
 *       may be resumed elsewhere to run its cleanup when its own thread no longer runs the
 *       runtime (shutdown), as running the finally blocks beats leaking what they release.
 *   <li>An {@code await()} whose future is pending checks, before suspending, that the thread
 *       holds no monitor the running bodies can name ({@link MonitorGuard}); if it does, the
 *       await cancels the future and throws {@link IllegalStateException}, which unwinds the
 *       {@code synchronized} blocks and so releases the monitors. An await of a ready future
 *       inside {@code synchronized} is allowed: the body does not leave the thread. For the
 *       check, {@code result} holds the body while it runs, replaced by the objects whose
 *       monitors it may hold ({@link MonitorCandidates#snapshot}) at its first check; and a
 *       block running INLINE is linked into its coroutine's chain: the coroutine's
 *       {@code result} points to the innermost INLINE block, whose {@code result} is its body
 *       (or candidates) and whose {@code work} is the next link outward (another INLINE block,
 *       or the coroutine's own body or candidates).
 * </ol>
 */
public final class AsyncBlock<T> implements Future<T>, Runnable {
  private static final byte NEW = 0;
  private static final byte RUNNING = 1;
  private static final byte SUSPENDED = 2;
  private static final byte INLINE = 3;
  private static final byte DONE = 4;
  private static final byte CANCELLED = 5;

  private static final byte FINISHED = 1;         // the body returned or threw
  private static final byte CANCEL_REQUESTED = 2;
  private static final byte FAILED = 4;           // result holds a Throwable
  private static final byte NO_VALUE = 8;         // the body is a ThrowingRunnable (asyncRun)

  // Kept small (a million idle tasks each hold one block; the context of the poll in progress is
  // in ThreadState, which await() reads anyway to find its block), and written little: under G1,
  // each reference store into a long-lived (old) block is a card-table round trip.
  private Object work;         // the body until the first poll, then the continuation
  private Object result;       // the body from the first poll until it ends (or its monitor
                               // candidates, rule 7), then the value or failure
  private Thread suspendedOn;  // the thread the body last suspended on
  private Future<?> awaiting;  // what the body waits for while SUSPENDED (for describe())
  private byte state;
  private byte flags;

  public AsyncBlock(Callable<? extends T> body) {
    this.work = body;
  }

  /**
   * A block whose body has no value ({@code Async.asyncRun}); it completes with null. Run as it
   * is, not wrapped in a Callable: a wrapper would be one more frame in every suspended stack.
   */
  public AsyncBlock(Async.ThrowingRunnable body) {
    this.work = body;
    this.flags = NO_VALUE;
  }

  /** Runs a body given to a constructor; {@code noValue} says which kind it is. */
  @SuppressWarnings("unchecked")
  private static <T> T runBody(Object body, boolean noValue) throws Exception {
    if (noValue) {
      ((Async.ThrowingRunnable) body).run();
      return null;
    }
    return ((Callable<? extends T>) body).call();
  }

  private boolean has(byte flag) {
    return (flags & flag) != 0;
  }

  @Override
  public Poll<T> poll(Context cx) {
    switch (state) {
      case NEW -> {
        result = work; // the body waits in result until run() takes it
        work = Continuations.create(this);
      }
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
    if (!has(FINISHED)) {
      state = SUSPENDED;
      Thread here = Thread.currentThread();
      if (suspendedOn != here) {
        // Written only when it changes: under G1 every reference store into an old object
        // (a long-lived block) costs a card-table round trip.
        suspendedOn = here;
      }
      return Poll.pending();
    }
    state = DONE;
    work = null;
    suspendedOn = null;
    awaiting = null;
    Object r = result;
    result = null;
    if (has(FAILED)) {
      throw Failures.sneakyThrow((Throwable) r);
    }
    @SuppressWarnings("unchecked")
    T v = (T) r;
    return Poll.ready(v);
  }

  /** Runs the continuation on this thread until the body suspends or ends. */
  private void mount(Context cx) {
    state = RUNNING;
    ThreadState ts = ThreadState.current();
    Object outer = ts.coroutine;
    Context outerCx = ts.cx;
    ts.coroutine = this;
    ts.cx = cx;
    ts.mountedCoroutine = true;
    try {
      Continuations.run(work);
    } finally {
      ts.coroutine = outer;
      ts.cx = outerCx;
    }
  }

  /** The continuation's body. */
  @Override
  public void run() {
    Object b = result; // left there: rule 7
    try {
      result = runBody(b, has(NO_VALUE));
    } catch (Throwable t) {
      result = Failures.original(t);
      flags |= FAILED;
    }
    flags |= FINISHED;
  }

  @Override
  public void cancel() {
    switch (state) {
      case NEW -> {
        state = CANCELLED;
        work = null;
      }
      case SUSPENDED -> {
        flags |= CANCEL_REQUESTED;
        mount(Context.of(Waker.noop()));
        state = CANCELLED;
        work = null;
        suspendedOn = null;
        awaiting = null;
        Object r = result;
        result = null;
        if (has(FAILED) && !(r instanceof CancellationException)) {
          // The body's cleanup failed; like a panic in Rust's drop, that is not swallowed.
          throw Failures.sneakyThrow((Throwable) r);
        }
      }
      case RUNNING, INLINE -> flags |= CANCEL_REQUESTED; // from its own body: next await throws
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
      return await((Future<T>) this);
    }
    AsyncBlock<?> co = currentOrThrow(ThreadState.current());
    if (co.has(CANCEL_REQUESTED)) {
      cancel();
      throw cancelled();
    }
    state = INLINE;
    Object b = work;
    // Rule 7: this body joins the chain of the bodies running on co's coroutine.
    result = b;
    work = co.result;
    co.result = this;
    try {
      T v = runBody(b, has(NO_VALUE));
      state = DONE;
      return v;
    } catch (Throwable t) {
      state = DONE;
      throw Failures.forCaller(Failures.original(t));
    } finally {
      co.result = work;
      work = null;
      result = null;
    }
  }

  /**
   * {@link Future#await()} for any future: see there. Polls {@code f} with the context of the
   * poll in progress ({@code ts.cx}, new after each resume). One method that makes the yield
   * itself ({@link Continuations#yieldCall()}): a suspended block keeps every frame down to the
   * yield, and until the JIT has compiled and inlined them each is a frame of its own.
   */
  public static <U> U await(Future<U> f) {
    ThreadState ts = ThreadState.current();
    AsyncBlock<?> co = currentOrThrow(ts);
    for (;;) {
      if (co.has(CANCEL_REQUESTED)) {
        f.cancel();
        throw cancelled();
      }
      Poll<U> p;
      try {
        p = f.poll(ts.cx);
      } catch (Throwable t) {
        throw Failures.forCaller(t);
      }
      if (p instanceof Poll.Ready<U> r) {
        return r.value();
      }
      if (MonitorGuard.ENABLED && co.result != MonitorCandidates.NONE) { // rule 7
        co.failIfMonitorHeld(f);
      }
      co.awaiting = f; // fills the block's last 4 bytes; a store beside a suspension's stack copy
      boolean yielded;
      try {
        yielded = (boolean) YIELD.invokeExact();
      } catch (IllegalStateException pinned) {
        throw abandon(f, Continuations.pinned(pinned));
      } catch (Throwable t) {
        throw Continuations.rethrow(t);
      }
      if (!yielded) {
        throw abandon(f, Continuations.notYielded());
      }
    }
  }

  /** {@link Continuations#yieldCall()}: static final, so the JIT inlines the call. */
  private static final MethodHandle YIELD = Continuations.yieldCall();

  /**
   * The check before a suspension (rule 7), out of line: once a body's candidates are known to
   * be none, {@link #await(Future)} skips it with one comparison.
   */
  private void failIfMonitorHeld(Future<?> f) {
    Object held = heldMonitor();
    if (held != null) {
      throw abandon(f, MonitorGuard.heldAcrossSuspend(held, null));
    }
  }

  /**
   * The first monitor this thread holds among those the bodies running on this coroutine may
   * hold (rule 7), or null: the check before a suspension ({@link MonitorGuard}). Each body's
   * candidates are read at its first check and then replace it in the chain.
   */
  private Object heldMonitor() {
    Object h = result; // this block's body or candidates, or the innermost INLINE block
    AsyncBlock<?> outermostInline = null;
    while (h instanceof AsyncBlock<?> inline) {
      Object[] candidates = candidates(inline.result);
      if (candidates != inline.result) {
        inline.result = candidates;
      }
      Object held = MonitorCandidates.held(candidates);
      if (held != null) {
        return held;
      }
      outermostInline = inline;
      h = inline.work;
    }
    Object[] candidates = candidates(h);
    if (candidates != h) { // written once: stores into a long-lived block are not free
      if (outermostInline == null) {
        result = candidates;
      } else {
        outermostInline.work = candidates;
      }
    }
    return MonitorCandidates.held(candidates);
  }

  /** The candidates of a body, read now, or the candidates already read in its place. */
  private static Object[] candidates(Object bodyOrCandidates) {
    return bodyOrCandidates instanceof Object[] c ? c
        : MonitorCandidates.snapshot(bodyOrCandidates);
  }

  /**
   * Fails an await whose future said pending but which cannot suspend: the future is cancelled
   * (its waker registration and whatever else it holds are released), and {@code failure}, with
   * a failure of that cancel attached, is what the await throws.
   */
  private static RuntimeException abandon(Future<?> f, RuntimeException failure) {
    try {
      f.cancel();
    } catch (Throwable cancelFailed) {
      failure.addSuppressed(cancelFailed);
    }
    return failure;
  }

  private static AsyncBlock<?> currentOrThrow(ThreadState ts) {
    if (ts.coroutine instanceof AsyncBlock<?> co) {
      return co;
    }
    if (ts.coroutine instanceof WovenBlock<?> woven) {
      throw woven.unseenAwait();
    }
    throw new IllegalStateException(
        "await() can only be called inside an async block (Async.async(...)); from ordinary code"
            + " use Futures.blockOn(future) or runtime.blockOn(future) to wait for a future");
  }

  private static CancellationException cancelled() {
    return new CancellationException("the async block was cancelled");
  }

  /**
   * {@code async block at Caller.method(File.java:12) <- what it awaits} while suspended, with
   * the await's line when a task dump walks the block ({@link AwaitStacks}); else its state.
   */
  @Override
  public String describe() {
    if (state != SUSPENDED) {
      return "async block (" + stateName() + ")";
    }
    StackTraceElement at = AwaitStacks.walk(work);
    return "async block" + (at != null ? " at " + at : "") + Describe.ARROW
        + Describe.of(awaiting);
  }

  private String stateName() {
    return switch (state) {
      case NEW -> "not started";
      case RUNNING -> "running";
      case SUSPENDED -> "suspended";
      case INLINE -> "running inline";
      case DONE -> "done";
      default -> "cancelled";
    };
  }

  @Override
  public String toString() {
    return "AsyncBlock[" + stateName() + "]";
  }
}
