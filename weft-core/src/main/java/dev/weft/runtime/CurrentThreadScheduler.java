package dev.weft.runtime;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.Coop;
import dev.weft.internal.Failures;
import dev.weft.internal.RuntimeContext;
import dev.weft.internal.ThreadState;
import dev.weft.internal.jfr.Jfr;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event-loop runtime: every task runs on the thread that is inside {@link #blockOn}.
 *
 * <h2>How it runs</h2>
 * The thread that holds the <em>core</em> (a lock) runs a loop: poll the {@code blockOn} future
 * when it was woken, then run up to {@value #EVENT_INTERVAL} tasks from the FIFO run queue
 * (checking the injection queue of wake-ups from other threads first every
 * {@value #GLOBAL_QUEUE_INTERVAL} tasks, so neither queue starves), then let the driver process
 * what is due without blocking. With nothing to run, it parks on the driver until a timer is due
 * or another thread wakes it. Tasks only run while some thread is inside blockOn; a second
 * thread calling blockOn at the same time polls its own future until the core is free.
 */
final class CurrentThreadScheduler extends Scheduler
    implements Scheduler.WorkerStatsHolder, Poller {
  static final int EVENT_INTERVAL = 61;
  static final int GLOBAL_QUEUE_INTERVAL = 31;
  /** What the poll slot holds while the core thread polls a blockOn future. */
  private static final Object BLOCK_ON = new Object();
  /** A local queue that held more tasks than this is replaced by a small one (pollLocal). */
  static final int LOCAL_SHRINK_ABOVE = 4096;
  /** How long, in polls, the local queue must have stayed small before it shrinks. */
  static final int LOCAL_SHRINK_AFTER_POLLS = 1 << 16;


  // Written by the core holder only; volatile for the task dump's copy from another thread.
  private volatile ArrayDeque<RawTask<?>> local = new ArrayDeque<>();
  private boolean localGrown; // core holder only: see pollLocal
  private int pollsSinceLocalWasLarge; // core holder only: see pollLocal
  private final InjectQueue inject = new InjectQueue();
  private final Driver driver;
  private final ReentrantLock core = new ReentrantLock();
  private final ConcurrentLinkedQueue<Thread> waitingForCore = new ConcurrentLinkedQueue<>();
  private final WorkerStats stats = new WorkerStats();
  private final String threadNamePrefix; // for the thread that finishes a close past its limit
  // Tasks holding a coroutine suspended on lastCoreThread (RawTask rule 8); they can only go on
  // on that thread, so the core may move to another thread only while there are none.
  private final java.util.concurrent.atomic.AtomicInteger coroutineTasks =
      new java.util.concurrent.atomic.AtomicInteger();
  private Thread lastCoreThread; // written and read under the core lock
  private volatile Thread coreThread;
  private volatile boolean shutdown;
  /** The thread a timed-out shutdown left cancelling the rest; null until then (closeLock). */
  private Thread finishing;
  private int tick;
  // Poller: the slot holds the task being polled, BLOCK_ON, or null between polls (one store
  // before, one after); read by the watchdog and dumps
  private final PollSlotHolder slot = new PollSlotHolder(); // the poll in progress: Poller
  private long mainPolls; // polls of blockOn futures (stats.polls counts tasks)

  CurrentThreadScheduler(AsyncRuntime runtime, Shared shared, Driver driver,
      String threadNamePrefix) {
    super(runtime, shared);
    this.driver = driver;
    this.threadNamePrefix = threadNamePrefix;
  }

  @Override
  public WorkerStats stats() {
    return stats;
  }

  // ---- Poller ----

  @Override
  public Thread pollingThread() {
    return coreThread;
  }

  @Override
  public boolean inPoll() {
    return slot.current() != null;
  }

  @Override
  public long pollCount() {
    return stats.polls + mainPolls;
  }

  @Override
  public RawTask<?> pollingTask() {
    return slot.current() instanceof RawTask<?> t ? t : null;
  }

  @Override
  public int workerIndex() {
    return -1;
  }

  /**
   * For a task dump, from any thread: passes on the tasks of both run queues. The local queue
   * belongs to the core thread, so it is copied without a lock and the copy retried if it
   * tore; the dump checks each task's own state word and drops repeats.
   */
  @Override
  void forEachQueued(java.util.function.Consumer<RawTask<?>> out) {
    inject.forEach(out);
    Object[] copy = null;
    for (int attempt = 0; copy == null && attempt < 8; attempt++) {
      try {
        copy = local.toArray();
      } catch (RuntimeException torn) {
        Thread.onSpinWait(); // the core thread resized the deque under the copy: again
      }
    }
    if (copy != null) {
      for (Object o : copy) {
        if (o instanceof RawTask<?> t) {
          out.accept(t);
        }
      }
    }
    RawTask<?> polled = pollingTask();
    if (polled != null) {
      out.accept(polled); // perhaps in its first poll, and then in no queue and no registry yet
    }
  }

  @Override
  List<Poller> pollers() {
    return List.of(this);
  }

  @Override
  void schedule(RawTask<?> task) {
    if (Thread.currentThread() == coreThread) {
      ArrayDeque<RawTask<?>> q = local;
      q.addLast(task);
      if (q.size() > LOCAL_SHRINK_ABOVE) {
        localGrown = true;
      }
    } else if (inject.push(task)) {
      driver.unpark();
    }
  }

  /**
   * The core's counters when the caller holds the core: a spawn and a completion each ask, and
   * comparing threads is cheaper than finding the caller's {@code ThreadState}.
   */
  @Override
  WorkerStats localStats() {
    return Thread.currentThread() == coreThread ? stats : null;
  }

  @Override
  void yieldTask(RawTask<?> task) {
    schedule(task);
  }

  @Override
  void coroutineHeld(RawTask<?> task) {
    coroutineTasks.incrementAndGet();
  }

  @Override
  void coroutineReleased(RawTask<?> task) {
    coroutineTasks.decrementAndGet();
  }

  /**
   * A suspended coroutine resumes only on the thread it suspended on (AsyncBlock rule 6), so
   * the core, which runs every task, may change threads only while no task holds one.
   */
  private void checkCoreMayMoveTo(Thread me) {
    Thread last = lastCoreThread;
    int held = coroutineTasks.get();
    if (last != null && last != me && held > 0) {
      throw new IllegalStateException( // the caller's finally lets go of the core
          "this current-thread runtime runs its tasks on thread '" + last.getName() + "', where "
              + held + " of them hold suspended async blocks that can only resume there; call"
              + " blockOn from that thread (thread '" + me.getName() + "' called it), or use a"
              + " multi-thread runtime");
    }
  }

  int injectionQueueDepth() {
    return inject.size();
  }

  // ---- blockOn ----

  <T> T blockOn(Future<T> f) {
    ThreadState ts = ThreadState.current();
    Thread me = Thread.currentThread();
    MainWaker main = new MainWaker(me, driver);
    Context cx = Context.of(main);
    RuntimeContext savedRuntime = ts.runtime;
    Object savedWorker = ts.worker;
    ts.runtime = runtime.services;
    ts.schedulerThread = true;
    try {
      if (!core.tryLock()) {
        Poll<T> p = pollWithoutCore(f, cx, main);
        if (p != null) {
          return p.value();
        }
      }
      try {
        checkCoreMayMoveTo(me);
        coreThread = me;
        lastCoreThread = me;
        ts.worker = this;
        return runCore(f, cx, main, ts);
      } finally {
        coreThread = null;
        core.unlock();
        for (Thread t : waitingForCore) {
          LockSupport.unpark(t);
        }
      }
    } finally {
      ts.runtime = savedRuntime;
      ts.worker = savedWorker;
      ts.schedulerThread = false;
      if (main.interrupted) {
        me.interrupt(); // the caller's flag, set by it or by a task, comes back to the caller
      }
    }
  }

  /**
   * Another thread holds the core: poll our future on this thread until it completes (returns
   * its poll) or the core is free (takes it, returns null).
   */
  private <T> Poll<T> pollWithoutCore(Future<T> f, Context cx, MainWaker main) {
    Thread me = Thread.currentThread();
    waitingForCore.add(me);
    main.waitingForCore = true;
    try {
      for (;;) {
        if (shutdown) {
          cancelQuietly(f);
          throw new CancellationException("the runtime was closed while blockOn waited");
        }
        if (main.consume()) {
          Poll<T> p = pollMain(f, cx);
          if (p.isReady()) {
            return p;
          }
        }
        if (core.tryLock()) {
          main.notified = true; // poll once more under the core
          return null;
        }
        main.clearInterrupt();
        LockSupport.park(this);
      }
    } finally {
      main.waitingForCore = false;
      waitingForCore.remove(me);
    }
  }

  private <T> T runCore(Future<T> f, Context cx, MainWaker main, ThreadState ts) {
    for (;;) {
      if (shutdown) {
        cancelAllTasks(); // here, on the thread whose coroutines they hold
        cancelQuietly(f);
        throw new CancellationException("the runtime was closed while blockOn waited");
      }
      if (main.consume()) {
        int budget = Coop.begin(ts);
        Poll<T> p;
        mainPolls++;
        PollSlot published = slot.next();
        published.set(BLOCK_ON);
        try {
          p = pollMain(f, cx);
        } finally {
          published.set(null);
          Coop.end(ts, budget);
        }
        if (p.isReady()) {
          return p.value();
        }
      }
      boolean more = runTasks(ts, main);
      if (more) {
        driver.park(0); // maintenance: process what is due without blocking
      } else if (!main.notified && local.isEmpty() && inject.isEmpty() && !shutdown) {
        main.clearInterrupt(); // else the park returns at once, and an idle runtime spins
        Object parkEvent = Jfr.on() ? WorkerEvents.beginPark() : null;
        driver.park(Driver.FOREVER);
        if (parkEvent != null) {
          WorkerEvents.endPark(parkEvent, runtime.name(), -1, true, Driver.FOREVER);
        }
      }
    }
  }

  private static <T> Poll<T> pollMain(Future<T> f, Context cx) {
    try {
      return f.poll(cx);
    } catch (Throwable t) {
      throw Failures.forCaller(t);
    }
  }

  /** Runs up to EVENT_INTERVAL tasks; true if it stopped at the interval (there may be more). */
  private boolean runTasks(ThreadState ts, MainWaker main) {
    for (int i = 0; i < EVENT_INTERVAL; i++) {
      RawTask<?> task = nextTask();
      if (task == null) {
        return false;
      }
      int budget = Coop.begin(ts);
      PollSlot published = slot.next();
      published.set(task);
      try {
        task.run(null, ts);
      } finally {
        published.set(null);
        Coop.end(ts, budget);
        main.clearInterrupt(); // the next task must not start interrupted
      }
      stats.polls++;
    }
    return true;
  }

  private RawTask<?> nextTask() {
    if (++tick % GLOBAL_QUEUE_INTERVAL == 0) {
      RawTask<?> t = inject.pop();
      if (t != null) {
        return t;
      }
    }
    RawTask<?> t = pollLocal();
    return t != null ? t : inject.pop();
  }

  /**
   * Takes the head of the local queue. An {@code ArrayDeque} never shrinks, and a few tasks
   * cycling through one that a burst of spawns grew to a million slots walk megabytes of array
   * instead of a few cache lines (W7 after W4 on the same runtime: 48 ns a yield, 41 with the
   * shrink). So once the queue held more than {@value #LOCAL_SHRINK_ABOVE} tasks, and then no
   * more than that for {@value #LOCAL_SHRINK_AFTER_POLLS} polls, its tasks move to a new,
   * small one. The wait keeps a workload that fills the queue again and again (a spawn loop in
   * every round) from paying the growth and a huge array's allocation each time.
   */
  private RawTask<?> pollLocal() {
    ArrayDeque<RawTask<?>> q = local;
    RawTask<?> t = q.pollFirst();
    if (localGrown) {
      if (q.size() > LOCAL_SHRINK_ABOVE) {
        pollsSinceLocalWasLarge = 0;
      } else if (++pollsSinceLocalWasLarge > LOCAL_SHRINK_AFTER_POLLS) {
        localGrown = false;
        local = new ArrayDeque<>(q);
      }
    }
    return t;
  }

  private static void cancelQuietly(Future<?> f) {
    try {
      f.cancel();
    } catch (Throwable ignored) {
      // the caller is told the runtime closed; a cleanup failure would hide that
    }
  }

  // ---- shutdown ----

  /**
   * Closes the runtime: a blockOn in progress cancels every task on its own thread and returns;
   * then the calling thread takes the core and cancels whatever is left (all of it if no
   * blockOn was running; then coroutines suspended on another thread run their cleanup here,
   * the one case AsyncBlock allows). Returns false at {@code deadlineNanos} ({@link
   * Long#MAX_VALUE}: no limit) if the work is not done: if the core was not free (a blockOn is
   * stuck in a poll, and its thread cancels every task itself once the poll returns), or if
   * cancelling the tasks took longer (slow cleanups, a great many tasks); then a thread of the
   * runtime's own cancels the rest, so close never overruns its limit by more than one task's
   * cleanup. Called again after that, it waits for that thread.
   */
  boolean shutdown(long deadlineNanos) {
    if (finishing != null) {
      return RuntimeThread.joinUntil(finishing, deadlineNanos);
    }
    shutdown = true;
    driver.unpark();
    for (Thread t : waitingForCore) {
      LockSupport.unpark(t);
    }
    if (deadlineNanos == Long.MAX_VALUE) {
      core.lock();
    } else {
      try {
        if (!core.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    ArrayDeque<RawTask<?>> left;
    try {
      left = withRuntimeContext(() -> cancelTasks(takeAllTasks(), deadlineNanos));
    } finally {
      core.unlock();
    }
    if (left.isEmpty()) {
      return true;
    }
    Thread rest = new RuntimeThread(() -> {
      core.lock();
      try {
        withRuntimeContext(() -> cancelTasks(left, Long.MAX_VALUE));
      } finally {
        core.unlock();
      }
    }, threadNamePrefix + "-shutdown");
    finishing = rest;
    rest.start();
    return false;
  }

  private <R> R withRuntimeContext(java.util.function.Supplier<R> body) {
    ThreadState ts = ThreadState.current();
    RuntimeContext savedRuntime = ts.runtime;
    ts.runtime = runtime.services;
    try {
      return body.get();
    } finally {
      ts.runtime = savedRuntime;
    }
  }

  /** Closes the queues and the registry and takes every task they hold; core holder only. */
  private ArrayDeque<RawTask<?>> takeAllTasks() {
    ArrayDeque<RawTask<?>> all = new ArrayDeque<>();
    for (RawTask<?> queued = inject.close(); queued != null; ) {
      RawTask<?> next = queued.queueNext;
      queued.queueNext = null;
      all.add(queued);
      queued = next;
    }
    all.addAll(local);
    local.clear();
    all.addAll(registry().closeAndTakeAll());
    return all;
  }

  /**
   * Cancels the tasks of {@code tasks} (and those the cleanups wake) on the calling thread, which
   * holds the core, until {@code deadlineNanos}; returns what is left (empty when done).
   */
  private ArrayDeque<RawTask<?>> cancelTasks(ArrayDeque<RawTask<?>> tasks, long deadlineNanos) {
    for (;;) {
      RawTask<?> t = tasks.pollFirst();
      if (t == null) {
        t = local.pollFirst(); // woken by the cleanups
      }
      if (t == null) {
        return tasks;
      }
      t.shutdown();
      if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
        tasks.addAll(local);
        local.clear();
        return tasks;
      }
    }
  }

  /** Cancels every queued and idle task on the calling thread, which holds the core. */
  private void cancelAllTasks() {
    cancelTasks(takeAllTasks(), Long.MAX_VALUE);
  }

  /** The blockOn future's waker: a flag, and a nudge to the driver the core thread parks on. */
  static final class MainWaker implements Waker {
    private final Thread thread;
    private final Driver driver;
    volatile boolean notified = true; // poll at once
    volatile boolean waitingForCore;  // the thread parks on its own, not on the driver
    boolean interrupted;              // the blockOn thread's flag, kept aside; its thread only

    MainWaker(Thread thread, Driver driver) {
      this.thread = thread;
      this.driver = driver;
    }

    @Override
    public void wake() {
      notified = true;
      driver.unpark(); // cheap unless the core thread sleeps on the driver
      if (waitingForCore) {
        LockSupport.unpark(thread);
      }
    }

    /**
     * Clears the blockOn thread's interrupt flag, remembering it for the caller: a set flag makes
     * every park return at once (an idle runtime would spin), and it must not make the next task
     * start interrupted; blockOn sets it again when it returns.
     */
    void clearInterrupt() {
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }

    boolean consume() {
      if (!notified) {
        return false;
      }
      notified = false;
      return true;
    }
  }
}
