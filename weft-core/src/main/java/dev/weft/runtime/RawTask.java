package dev.weft.runtime;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Failures;
import dev.weft.internal.jfr.Jfr;
import dev.weft.internal.woven.WovenBlock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A spawned task: its future, its output, its state word, and its join handle, all in one
 * object. The task is its own {@link Waker}, so a wake-up allocates nothing, and its own
 * {@link JoinHandle}, so a spawn allocates the task, its {@link Context} and nothing else.
 * docs/ARCHITECTURE.md shows where the task fits: its life, pinning, how a wake-up travels.
 *
 * <h2>The state word</h2>
 * <pre>
 *   RUNNING        a thread is polling (or cancelling) the future
 *   NOTIFIED       the task is in a run queue, or must be put back in one after this poll
 *   COMPLETE       the output (value or failure) is stored and the future is gone
 *   CANCELLED      abort was requested: the next thread to run the task cancels its future
 *   JOIN_INTEREST  the join handle still wants the output (cleared when it is detached)
 *   INSPECTED      a task dump is reading the idle task's future (rule 10)
 *   bits 6-31      polls started so far, saturating at 2^26 - 1 ({@link #polls()})
 * </pre>
 * The poll count rides in the word because the claim of rule 3 writes it anyway: counting costs
 * no store and no byte of the task.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Only the thread that set RUNNING (by CAS from a state without RUNNING or COMPLETE) touches
 *       {@code future} and {@code cx}, and it clears RUNNING when it is done. So a future is
 *       never polled by two threads at once, and cancel never races a poll.
 *   <li>A task is in at most one run queue. A wake that finds the task idle (none of RUNNING,
 *       NOTIFIED, COMPLETE) sets NOTIFIED and enqueues it; one that finds NOTIFIED does nothing;
 *       one that finds RUNNING sets NOTIFIED, and the runner re-enqueues the task after the poll,
 *       at the back of a queue (that is what a yield is).
 *   <li>A thread that takes a task from a queue clears NOTIFIED, sets RUNNING and counts the
 *       poll, in one CAS; if it finds COMPLETE (shutdown got there first) it drops the task.
 *   <li>The output fields are written before COMPLETE is set and read only after COMPLETE was
 *       seen (the CAS and the volatile read order them).
 *   <li>The join handle stores its waker in {@code joinWaker}, then re-reads the state; the
 *       completer sets COMPLETE, then reads {@code joinWaker}. Both are volatile, so at least one
 *       sees the other: the handle is never left waiting.
 *   <li>Abort sets CANCELLED. If the task was idle it also sets NOTIFIED and enqueues it, so
 *       the cancellation itself runs on a runtime thread under rule 1, never on the aborting
 *       thread. A task whose poll returns ready while CANCELLED is set keeps its output (it
 *       finished first; this is also how a started blocking task ignores abort).
 *   <li>A task registers itself with the runtime's {@link TaskRegistry} before it first goes
 *       idle, and leaves it when complete; tasks that finish in their first poll never touch
 *       the registry. At shutdown, every registered or queued task is claimed (RUNNING and
 *       CANCELLED set by CAS on a task that is not RUNNING) and cancelled by the claimer. A task
 *       whose push to a run queue is refused because the runtime is shutting down (a spawn or
 *       a wake-up racing {@code close()}) is in no queue: if it is registered, the registry
 *       pass cancels it; if not, it was never polled and nothing else will ever find it, so
 *       the refused pusher claims and cancels it ({@link #rejected()}).
 *   <li>A task whose poll left a suspended coroutine (an async block parked in await) is pinned:
 *       {@code home} is set to the worker that polled it, before the task can go idle, and from
 *       then on every wake-up routes it to that worker (see AsyncBlock: a coroutine resumes only
 *       where it suspended). Unpinned tasks (never polled, or without coroutines) may move.
 *   <li>A failure nobody will see is reported exactly once: by the completer if JOIN_INTEREST
 *       was already clear when it set COMPLETE, else by the detacher if COMPLETE (with a failure
 *       not yet taken) was already set when it cleared JOIN_INTEREST, else by the cleaner once
 *       the handle is collected without its output having been read ({@link
 *       UnobservedFailure}: a fire-and-forget {@code spawn} whose handle was ignored). A
 *       {@code CompletableFuture} view, when one exists, carries the failure instead.
 *   <li>A task dump reads the future of an idle task (none of RUNNING, NOTIFIED, COMPLETE) only
 *       while it holds INSPECTED, set by CAS from such a state and cleared by the same dumper
 *       ({@link #inspectIdle}). A queued or running task is never inspected, so no runner ever
 *       meets the bit. While it is set, {@link #wake()} and {@link #abort()} treat the task as
 *       running: they set NOTIFIED or CANCELLED and enqueue nothing; the dumper, clearing
 *       INSPECTED, enqueues the task if either was set meanwhile, as a runner re-queues a task
 *       woken during its poll (rule 2), so the cancellation still runs on a runtime thread (rule
 *       6). Shutdown waits for the bit to clear before it claims the task (a dump holds it for
 *       microseconds).
 * </ol>
 */
final class RawTask<T> implements JoinHandle<T>, Waker {
  static final int RUNNING = 1;
  static final int NOTIFIED = 1 << 1;
  static final int COMPLETE = 1 << 2;
  static final int CANCELLED = 1 << 3;
  static final int JOIN_INTEREST = 1 << 4;
  static final int INSPECTED = 1 << 5;
  private static final int POLL_SHIFT = 6;
  private static final int POLL_UNIT = 1 << POLL_SHIFT;
  private static final int POLL_COUNT = -1 << POLL_SHIFT; // every bit of the count: saturated

  // flags: written by the thread that holds RUNNING (or completes the task), rule 1
  private static final byte FAILED = 1;          // output is the failure
  private static final byte ABORTED = 1 << 1;    // cancelled: output is null or its CancellationException
  private static final byte REGISTERED = 1 << 2; // rule 7
  private static final byte HOLDS_COROUTINE = 1 << 3; // rule 8

  private static final VarHandle STATE;
  private static final VarHandle EXTRAS;
  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(RawTask.class, "state", int.class);
      EXTRAS = l.findVarHandle(RawTask.class, "extras", Extras.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // 64 bytes: a million queued or idle tasks each hold one, so every field earns its place.
  final Scheduler scheduler;
  private volatile int state;
  private final int born;           // TaskClock tick of the spawn: fills the last 4 bytes
  private Future<T> future;         // rule 1; null once complete
  private Context cx;               // kept from the second poll on; rule 1
  private Object output;            // rule 4: the value, or the failure when FAILED
  private volatile Waker joinWaker; // rule 5
  private volatile Extras<T> extras; // id, CompletableFuture view, listener: made on first use
  Worker home;                      // rule 8: the worker this task is pinned to, or null
  RawTask<?> queueNext;             // link in an injection queue (one queue at a time, rule 2)
  RawTask<?> registryPrev;          // links in the registry (under its shard's lock)
  RawTask<?> registryNext;
  short registryShard;
  private byte flags;               // FAILED, ABORTED, REGISTERED, HOLDS_COROUTINE
  private boolean outputTaken;      // the join handle returned or threw the output (its owner only)

  /**
   * What few tasks need: an id once asked, a CompletableFuture view, a JoinSet's listener, a
   * name, a spawn site.
   */
  private static final class Extras<T> {
    private static final VarHandle ID;
    private static final VarHandle COMPLETABLE;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        ID = l.findVarHandle(Extras.class, "id", long.class);
        COMPLETABLE = l.findVarHandle(Extras.class, "completable", CompletableFuture.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile long id;
    volatile CompletableFuture<T> completable;
    Listener listener; // set before the task is first scheduled
    UnobservedFailure unobserved; // rule 9; written before COMPLETE is set
    String name;                  // set before the task is first scheduled
    SpawnSite spawnSite;          // likewise, when the runtime captures spawn sites
  }

  private boolean hasCompletableView() {
    Extras<T> e = extras;
    return e != null && e.completable != null; // the view carries the failure to its own users
  }

  /** The output was read or handed on: no unobserved-failure report for it (rule 9). */
  private void markObserved() {
    Extras<T> e = extras;
    UnobservedFailure u = e == null ? null : e.unobserved;
    if (u != null) {
      e.unobserved = null;
      u.observe();
    }
  }

  RawTask(Scheduler scheduler, Future<T> future) {
    this.scheduler = scheduler;
    this.future = future;
    // Born scheduled: spawn enqueues it at once. A plain store, not a volatile one (a full
    // fence on every spawn): every queue that hands the task to another thread publishes it.
    STATE.set(this, NOTIFIED | JOIN_INTEREST);
    this.born = TaskClock.now();
  }

  @SuppressWarnings("unchecked")
  private Extras<T> extras() {
    Extras<T> e = extras;
    if (e != null) {
      return e;
    }
    Extras<T> fresh = new Extras<>();
    return EXTRAS.compareAndSet(this, null, fresh) ? fresh : extras;
  }

  private boolean has(byte flag) {
    return (flags & flag) != 0;
  }

  /** For tests: mark the task as held by the registry, as if it had gone idle once (rule 7). */
  void markRegisteredForTest() {
    flags |= REGISTERED;
  }

  /** Told when a task completes, on the completing thread (JoinSet's notification). */
  interface Listener {
    void completed(RawTask<?> task);
  }

  /** Sets the listener; only before the task is submitted to a scheduler. */
  void setListener(Listener listener) {
    extras().listener = listener;
  }

  /** Names the task, and records where it was spawned; only before it is submitted. */
  void describeSpawn(String name, SpawnSite site) {
    Extras<T> e = extras();
    e.name = name;
    e.spawnSite = site;
  }

  /** The name given at spawn, or null. */
  String name() {
    Extras<T> e = extras;
    return e == null ? null : e.name;
  }

  /** Where the task was spawned, if the runtime captured it; else null. */
  SpawnSite spawnSite() {
    Extras<T> e = extras;
    return e == null ? null : e.spawnSite;
  }

  /** The {@link TaskClock} tick at which the task was spawned. */
  int born() {
    return born;
  }

  /** Polls started so far (rule 3), up to 2^26 - 1. */
  long polls() {
    return (state & POLL_COUNT) >>> POLL_SHIFT;
  }

  /** The state word now, for a dump: a snapshot that may be stale at once. */
  int stateNow() {
    return state;
  }

  /**
   * The output as a {@link dev.weft.future.Result} without taking it from the handle: for a
   * complete task only (JoinSet).
   */
  dev.weft.future.Result<T> outcome() {
    if ((state & COMPLETE) == 0) {
      throw new IllegalStateException("task " + id() + " is not complete");
    }
    markObserved();
    Throwable f = observedFailure();
    @SuppressWarnings("unchecked")
    T v = (T) output;
    return f != null ? dev.weft.future.Result.err(f) : dev.weft.future.Result.ok(v);
  }

  // ---- task dumps ----

  /**
   * Rule 10: if the task is idle, claims it for a dump, passes its future to {@code reader} on
   * the calling thread, and lets go; returns what the reader returned, or null (without calling
   * it) if the task was not idle. A wake-up or abort that came meanwhile is passed on when the
   * claim ends, whether the reader returned or threw.
   */
  <R> R inspectIdle(java.util.function.Function<? super Future<?>, ? extends R> reader) {
    int s;
    do {
      s = state;
      if ((s & (RUNNING | NOTIFIED | COMPLETE | INSPECTED)) != 0) {
        return null;
      }
    } while (!STATE.compareAndSet(this, s, s | INSPECTED));
    try {
      return reader.apply(future);
    } finally {
      endInspection();
    }
  }

  /** Rule 10: clears INSPECTED and enqueues the task if it was woken or aborted meanwhile. */
  private void endInspection() {
    for (;;) {
      int s = state;
      boolean enqueue = (s & (NOTIFIED | CANCELLED)) != 0; // the claim found neither NOTIFIED
      int next = (s & ~INSPECTED) | (enqueue ? NOTIFIED : 0); // nor a CANCELLED left idle
      if (STATE.compareAndSet(this, s, next)) {
        if (enqueue) {
          scheduler.schedule(this);
        }
        return;
      }
    }
  }

  // ---- Waker ----

  /** Rule 2. */
  @Override
  public void wake() {
    for (;;) {
      int s = state;
      if ((s & (COMPLETE | NOTIFIED)) != 0) {
        return;
      }
      if ((s & (RUNNING | INSPECTED)) != 0) { // the runner, or the dumper, enqueues it (rule 10)
        if (STATE.compareAndSet(this, s, s | NOTIFIED)) {
          return;
        }
      } else if (STATE.compareAndSet(this, s, s | NOTIFIED)) {
        scheduler.schedule(this);
        return;
      }
    }
  }

  // ---- running ----

  /**
   * Polls the task once (rule 3), on the thread that took it from a run queue. Returns after the
   * poll with the task complete, idle, or re-enqueued at the back of a queue. {@code worker} is
   * the multi-thread worker polling it (null elsewhere) and {@code ts} its thread state: if the
   * poll mounted a coroutine, the task is pinned to that worker (rule 8).
   */
  void run(Worker worker, dev.weft.internal.ThreadState ts) {
    int s;
    do {
      s = state;
      if ((s & COMPLETE) != 0) {
        return; // cancelled by shutdown while queued
      }
    } while (!STATE.compareAndSet(this, s, claimed(s)));
    try {
      runClaimed(s, worker, ts);
    } catch (Throwable t) {
      failClaimed(t);
    }
  }

  /** Rule 3: NOTIFIED cleared, RUNNING set, one more poll counted (unless the count is full). */
  private static int claimed(int s) {
    int next = (s & ~NOTIFIED) | RUNNING;
    return (s & POLL_COUNT) == POLL_COUNT ? next : next + POLL_UNIT;
  }

  /**
   * Polls the task's future. A woven block is polled through its class's final {@code poll}: in
   * a program with many kinds of task the call below is megamorphic, and a direct call the JIT
   * can inline keeps more of the woven body's hot path compiled as one piece. (W7's yields on
   * the current-thread runtime took 46 ns after W1-W5 had run in the same JVM and spoilt the
   * type profiles, 33 ns alone; this, WovenBlock's per-await poll and the run queue's shrink
   * brought the first to 36-40 ns.)
   */
  private Poll<T> pollFuture(Context c, dev.weft.internal.ThreadState ts) {
    if (future instanceof WovenBlock<T> woven) {
      return ts != null ? woven.poll(c, ts) : woven.poll(c);
    }
    return future.poll(c);
  }

  /** The body of {@link #run} once this thread holds RUNNING (rule 1). */
  private void runClaimed(int claimedFrom, Worker worker, dev.weft.internal.ThreadState ts) {
    if ((claimedFrom & CANCELLED) != 0) {
      cancelFuture();
      return;
    }
    Poll<T> p;
    if (ts != null) {
      ts.mountedCoroutine = false;
    }
    try {
      Context c = cx;
      if (c == null) {
        c = Context.of(this);
        // Most tasks are polled once, or go idle after one poll: keeping that context would be
        // 16 B of every idle task. A task polled before is likely polled again: from its second
        // poll on, one context serves every poll.
        if ((claimedFrom & POLL_COUNT) != 0) {
          cx = c;
        }
      }
      p = pollFuture(c, ts);
    } catch (Throwable t) {
      complete(null, t, false);
      return;
    }
    if (p instanceof Poll.Ready<T> r) {
      complete(r.value(), null, false);
      return;
    }
    if (ts != null && ts.mountedCoroutine && !has(HOLDS_COROUTINE)) {
      flags |= HOLDS_COROUTINE; // rule 8: before the task can go idle and be woken elsewhere
      if (worker != null) {
        home = worker;
      } else {
        scheduler.coroutineHeld(this);
      }
    }
    if (!has(REGISTERED)) {
      if (scheduler.registry().add(this)) { // rule 7: before the task can go idle
        flags |= REGISTERED;
      } else {
        cancelFuture(); // the runtime is shutting down
        return;
      }
    }
    for (;;) {
      int s = state;
      if ((s & CANCELLED) != 0) {
        cancelFuture();
        return;
      }
      int idle = s & ~RUNNING;
      if (STATE.compareAndSet(this, s, idle)) {
        if ((idle & NOTIFIED) != 0) {
          scheduler.yieldTask(this); // woken during its own poll: back of a queue
        }
        return;
      }
    }
  }

  /**
   * The runtime's own bookkeeping around a poll threw (an allocation under a full heap, say)
   * while this thread held RUNNING. Left as it is, the task would stay RUNNING with nobody to
   * finish it and its joiner would wait forever; so it fails with what was thrown, loudly, its
   * future cancelled if it is still there. If the task completed already (the throw came from
   * telling its waiters), it is left alone and the failure is reported.
   */
  private void failClaimed(Throwable t) {
    if ((state & COMPLETE) != 0) {
      scheduler.shared.report("task " + id() + ": the runtime failed while finishing it", t);
      return;
    }
    Future<T> f = future;
    if (f != null) {
      try {
        f.cancel();
      } catch (Throwable cleanupFailure) {
        Failures.combine(t, cleanupFailure);
      }
    }
    complete(null, t, false);
  }

  /**
   * A run queue refused this task because the runtime is shutting down (rule 7). Called by the
   * pusher, which holds no lock. A registered task was idle before this wake-up and the
   * shutdown's registry pass cancels it, on the right thread. An unregistered one was never
   * polled (a task registers before it first goes idle), so no queue and no registry holds it:
   * cancel it here, which is safe on any thread since it has no coroutine yet.
   */
  void rejected() {
    if (!has(REGISTERED)) {
      shutdown();
    }
  }

  /** Cancels the future (the task is RUNNING and CANCELLED) and completes with cancellation. */
  private void cancelFuture() {
    Future<T> f = future;
    Throwable cleanupFailure = null;
    try {
      f.cancel();
    } catch (Throwable t) {
      cleanupFailure = t;
    }
    if (cleanupFailure != null) {
      scheduler.reportCleanupFailure(this, cleanupFailure);
    }
    // The CancellationException is made when somebody looks (shutdown cancels many tasks
    // nobody awaits, and an exception with its stack trace costs microseconds).
    complete(null, null, true);
  }

  /** The task's failure as seen by whoever observes it: an abort shows as CancellationException. */
  private Throwable observedFailure() {
    if (has(ABORTED)) {
      Object o = output;
      if (o == null) {
        o = new CancellationException("task " + id() + " was aborted");
        output = o; // a benign race: two observers may each make one
      }
      return (Throwable) o;
    }
    return has(FAILED) ? (Throwable) output : null;
  }

  /**
   * Stores the output, sets COMPLETE (rule 4), then tells whoever waits (rules 5 and 9). A waker
   * that throws is reported and counted, never thrown on the completing thread: that is a worker,
   * a blocking-pool thread, or a caller's blockOn, and none of them may be taken down by it.
   */
  private void complete(T v, Throwable error, boolean byAbort) {
    future = null;
    if (byAbort) {
      flags |= ABORTED;
      output = null;
    } else if (error != null) {
      flags |= FAILED;
      output = error;
    } else {
      output = v;
    }
    UnobservedFailure watch = null;
    if (error != null && !byAbort && (state & JOIN_INTEREST) != 0) {
      // Rule 9: if the handle is dropped unread, the cleaner reports. Made before COMPLETE is
      // set, so that a detacher who sees COMPLETE finds it (and marks it observed).
      watch = UnobservedFailure.watch(this, error, id(), scheduler.shared);
      extras().unobserved = watch;
    }
    int s;
    do {
      s = state;
    } while (!STATE.compareAndSet(this, s, (s & ~(RUNNING | NOTIFIED)) | COMPLETE));
    if (has(REGISTERED)) {
      scheduler.registry().remove(this);
    }
    home = null;
    if (has(HOLDS_COROUTINE)) {
      scheduler.coroutineReleased(this);
    }
    scheduler.taskCompleted(this);
    if (Jfr.on()) {
      TaskEvents.finished(this, byAbort ? "cancelled" : error != null ? "failure" : "value");
    }
    if (watch != null && ((s & JOIN_INTEREST) == 0 || hasCompletableView())) {
      // Detached meanwhile (reported just below), or a CompletableFuture view carries it. The
      // view's maker sets the view, then looks for COMPLETE; we set COMPLETE, then look for the
      // view: one of the two sees the other (both volatile), so the watch is never left behind.
      watch.observe();
    }
    if (error != null && !byAbort && (s & JOIN_INTEREST) == 0) {
      scheduler.reportUnhandled(this, error);
    }
    Waker w = joinWaker;
    if (w != null) {
      joinWaker = null;
      try {
        w.wake(); // whoever awaits the handle: perhaps foreign code, whose waker may throw
      } catch (Throwable t) {
        scheduler.reportWakerFailure(this, t);
      }
    }
    Extras<T> e = extras;
    CompletableFuture<T> cf = e == null ? null : e.completable;
    if (cf != null) {
      completeCompletable(cf); // a failing dependent action completes its own stage; no throw
    }
    Listener l = e == null ? null : e.listener;
    if (l != null) {
      try {
        l.completed(this); // a JoinSet wakes its joiner, likewise
      } catch (Throwable t) {
        scheduler.reportWakerFailure(this, t);
      }
    }
  }

  /**
   * Claims and cancels this task on the calling thread if nobody is running it (rule 7); for a
   * running task, sets CANCELLED so its runner cancels it after the poll. For shutdown.
   */
  void shutdown() {
    for (;;) {
      int s = state;
      if ((s & COMPLETE) != 0) {
        return;
      }
      if ((s & INSPECTED) != 0) {
        Thread.onSpinWait(); // rule 10: a dump reads the future for a few microseconds
        continue;
      }
      if ((s & RUNNING) != 0) {
        if (STATE.compareAndSet(this, s, s | CANCELLED)) {
          return;
        }
      } else if (STATE.compareAndSet(this, s, s | RUNNING | CANCELLED)) {
        cancelFuture();
        return;
      }
    }
  }

  // ---- JoinHandle ----

  @Override
  public Poll<T> poll(Context cx) {
    if (outputTaken) {
      throw new IllegalStateException(
          "the JoinHandle of task " + id() + " was awaited again after it gave its output");
    }
    if ((state & COMPLETE) == 0) {
      joinWaker = cx.waker(); // rule 5
      if ((state & COMPLETE) == 0) {
        return Poll.pending();
      }
    }
    outputTaken = true;
    joinWaker = null;
    markObserved();
    Throwable f = observedFailure();
    if (f != null) {
      throw Failures.sneakyThrow(f);
    }
    @SuppressWarnings("unchecked")
    T v = (T) output;
    return Poll.ready(v);
  }

  /** Detaches: stop waiting, let the task run on (rule 9 for its failure). */
  @Override
  public void cancel() {
    joinWaker = null;
    int s;
    do {
      s = state;
      if ((s & JOIN_INTEREST) == 0) {
        return;
      }
    } while (!STATE.compareAndSet(this, s, s & ~JOIN_INTEREST));
    if ((s & COMPLETE) != 0 && !outputTaken && has(FAILED)) {
      markObserved(); // reported here, not again by the cleaner
      scheduler.reportUnhandled(this, (Throwable) output);
    }
  }

  /** Rule 6. */
  @Override
  public void abort() {
    for (;;) {
      int s = state;
      if ((s & (COMPLETE | CANCELLED)) != 0) {
        return;
      }
      if ((s & (RUNNING | NOTIFIED | INSPECTED)) != 0) { // rule 10 for INSPECTED
        if (STATE.compareAndSet(this, s, s | CANCELLED)) {
          return;
        }
      } else if (STATE.compareAndSet(this, s, s | CANCELLED | NOTIFIED)) {
        scheduler.schedule(this);
        return;
      }
    }
  }

  @Override
  public boolean isFinished() {
    return (state & COMPLETE) != 0;
  }

  @Override
  public long id() {
    Extras<T> e = extras();
    long i = e.id;
    if (i == 0) {
      long fresh = NEXT_ID.getAndIncrement();
      i = Extras.ID.compareAndSet(e, 0L, fresh) ? fresh : e.id;
    }
    return i;
  }

  @Override
  public CompletableFuture<T> toCompletableFuture() {
    Extras<T> e = extras();
    CompletableFuture<T> cf = e.completable;
    if (cf != null) {
      return cf;
    }
    CompletableFuture<T> fresh = new TaskCompletableFuture<>(this);
    if (!Extras.COMPLETABLE.compareAndSet(e, null, fresh)) {
      return e.completable;
    }
    if ((state & COMPLETE) != 0) {
      markObserved(); // the view carries the failure on
      completeCompletable(fresh); // the completer may have missed it; completing twice is harmless
    }
    return fresh;
  }

  private void completeCompletable(CompletableFuture<T> cf) {
    if (has(ABORTED)) {
      cf.cancel(false);
    } else if (has(FAILED)) {
      cf.completeExceptionally((Throwable) output);
    } else {
      @SuppressWarnings("unchecked")
      T v = (T) output;
      cf.complete(v);
    }
  }

  /** As a future (a JoinHandle awaited): {@code join(task 7)}. */
  @Override
  public String describe() {
    String n = name();
    return "join(task " + id() + (n != null ? " \"" + n + "\"" : "") + ")";
  }

  @Override
  public String toString() {
    int s = state;
    return "Task[" + id() + ((s & COMPLETE) != 0 ? ", complete" : (s & RUNNING) != 0 ? ", running"
        : (s & NOTIFIED) != 0 ? ", scheduled" : ", idle") + "]";
  }

  /** The JDK view of a task: cancelling it aborts the task. */
  private static final class TaskCompletableFuture<T> extends CompletableFuture<T> {
    private final RawTask<T> task;

    TaskCompletableFuture(RawTask<T> task) {
      this.task = task;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        task.abort();
      }
      return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }
}
