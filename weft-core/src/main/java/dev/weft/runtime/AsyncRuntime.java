package dev.weft.runtime;

import dev.weft.future.Future;
import dev.weft.internal.Management;
import dev.weft.internal.ThreadState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A runtime: the executor that polls tasks, with its timers and blocking pool. You choose it:
 *
 * <ul>
 *   <li>{@link #currentThread()}: one thread, like a JavaScript event loop. Every task runs on the
 *       thread inside {@link #blockOn}; nothing needs to be thread-safe between tasks.
 *   <li>{@link #multiThread()}: a work-stealing pool, one worker per processor by default, in
 *       tokio's design.
 * </ul>
 *
 * <pre>{@code
 * try (AsyncRuntime rt = AsyncRuntime.multiThread()) {
 *   int answer = rt.blockOn(async(() -> {
 *     JoinHandle<Integer> a = Task.spawn(async(() -> compute(1)));
 *     JoinHandle<Integer> b = Task.spawn(async(() -> compute(2)));
 *     return a.await() + b.await();
 *   }));
 * }
 * }</pre>
 *
 * <p>{@link #close()} cancels every task (their {@code finally} blocks run), waits for running
 * blocking tasks and joins every thread the runtime started. Spawning, or calling
 * {@code blockOn}, after that throws {@link IllegalStateException}.
 *
 * <p>The name avoids {@code java.lang.Runtime}, which every Java file imports implicitly.
 */
public final class AsyncRuntime implements AutoCloseable {
  private static final AtomicInteger RUNTIMES = new AtomicInteger();

  private final String name; // the prefix of the runtime's thread names
  private final Scheduler.Shared shared;
  final RuntimeServices services; // what threads in this runtime's context hold (ThreadState)
  private final List<IoDriver> ioDrivers; // the runtime's selectors: one, or one per worker
  private final CurrentThreadScheduler currentThread; // exactly one of these two is set
  private final MultiThreadScheduler multiThread;
  private final BlockingPool blocking;
  private final TimerDriver driver;
  private final int workers;
  // Not a monitor: closing cancels tasks, which resumes async blocks, and a coroutine must never
  // be mounted while a monitor is held (AsyncBlock rule 2).
  private final ReentrantLock closeLock = new ReentrantLock();
  private volatile boolean closed;
  private Boolean closeResult;
  private final PollWatch pollWatch;
  private final DriverWatch driverWatch; // multi-thread runtimes only
  private final MBeanRegistration mbean; // null when none is registered

  private AsyncRuntime(Builder b) {
    String prefix = b.threadName != null ? b.threadName : "weft-" + RUNTIMES.incrementAndGet();
    this.name = prefix;
    this.workers = b.multiThread ? b.workers : 1;
    this.shared = new Scheduler.Shared(b.multiThread ? 4 * workers : 1, b.captureSpawnSites);
    boolean perWorkerIo = b.multiThread && b.selectors == Selectors.PER_WORKER;
    IoDriver sharedIo = perWorkerIo ? null : new IoDriver(shared);
    // The paused clock may jump only when no blocking task could still wake a task first.
    this.driver = new TimerDriver(sharedIo, b.startPaused, this::noBlockingInFlight, shared);
    if (b.multiThread) {
      this.multiThread = new MultiThreadScheduler(this, shared, driver, workers, perWorkerIo);
      this.currentThread = null;
    } else {
      this.currentThread = new CurrentThreadScheduler(this, shared, driver, prefix);
      this.multiThread = null;
    }
    List<IoDriver> selectors = new ArrayList<>();
    if (perWorkerIo) {
      for (Worker w : multiThread.workers) {
        selectors.add(w.io);
      }
    } else {
      selectors.add(sharedIo);
    }
    this.ioDrivers = List.copyOf(selectors);
    if (multiThread != null) {
      // A selector's idle spin (SelectorLoop) is for the last worker awake only: a worker that
      // spins while a neighbour is busy takes the core that neighbour, or a load client beside
      // the runtime, would use (weft-redis at -P 1: fewer requests a second with two spinners).
      // With a selector per worker any of them may sleep on its own, so none spins.
      MultiThreadScheduler mt = multiThread;
      for (IoDriver io : ioDrivers) {
        io.loop.spinAllowed(perWorkerIo ? () -> false : () -> mt.idle.unparkedCount() == 0);
      }
    }
    this.services =
        new RuntimeServices(this, driver, shared, ioDrivers, perWorkerIo ? multiThread : null);
    this.blocking = new BlockingPool(this, shared, prefix, b.maxBlockingThreads, b.blockingKeepAlive,
        b.startPaused ? driver::unpark : null);
    this.pollWatch = new PollWatch(prefix, scheduler().pollers(), shared,
        b.slowPollDetection ? b.slowPollThreshold : null, b.stuckPollThreshold);
    Watchdog.watch(pollWatch);
    this.driverWatch = multiThread != null ? new DriverWatch(multiThread) : null;
    if (driverWatch != null) {
      Watchdog.watch(driverWatch);
    }
    this.mbean = b.registerMXBean && Management.AVAILABLE
        ? new MBeanRegistration(this, prefix) : null;
    if (mbean != null) {
      Watchdog.submit(mbean::register); // soon, on the watchdog thread: see MBeanRegistration
    }
    if (multiThread != null) {
      multiThread.start(prefix);
    }
  }

  /** The prefix of the runtime's thread names: its name in reports, dumps and its MXBean. */
  String name() {
    return name;
  }

  private boolean noBlockingInFlight() {
    return blocking.inFlight() == 0;
  }

  /**
   * A single-threaded, event-loop runtime: tasks run on the thread inside {@link #blockOn}.
   *
   * @return a new runtime; close it when done
   */
  public static AsyncRuntime currentThread() {
    return builder().currentThread().build();
  }

  /**
   * A work-stealing runtime with one worker per available processor.
   *
   * @return a new runtime, its workers started; close it when done
   */
  public static AsyncRuntime multiThread() {
    return builder().multiThread().build();
  }

  /**
   * A builder; without a flavour it builds a current-thread runtime.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The runtime whose context the calling thread is in: a task, a blocking task, or a blockOn.
   *
   * @return the runtime, or empty outside every runtime
   */
  public static Optional<AsyncRuntime> current() {
    return Optional.ofNullable(currentOrNull());
  }

  /** {@link #current()} without the {@code Optional}, for the paths every spawn takes. */
  static AsyncRuntime currentOrNull() {
    return ThreadState.current().runtime instanceof RuntimeServices s ? s.runtime : null;
  }

  /**
   * Runs {@code f} to completion and returns its value, running tasks meanwhile (on a
   * current-thread runtime, on this thread; on a multi-thread runtime, the workers run them and
   * this thread polls only {@code f}). A failure is thrown as {@code await()} throws it.
   *
   * @param <T> the type of the value
   * @param f the future to run
   * @return the value of {@code f}
   * @throws IllegalStateException on a thread of a runtime (a task, or inside another blockOn),
   *     on a blocking-pool thread of this runtime (there, wait with
   *     {@code spawn(f).toCompletableFuture().join()}), inside an async block, or after
   *     {@link #close()}
   */
  public <T> T blockOn(Future<T> f) {
    Objects.requireNonNull(f, "f");
    ThreadState ts = ThreadState.current();
    if (ts.coroutine != null) {
      throw new IllegalStateException(
          "blockOn was called inside an async block, where it would block the thread that runs"
              + " the block; use future.await() instead");
    }
    if (ts.schedulerThread) {
      throw new IllegalStateException(
          "blockOn was called on a thread that runs a weft runtime's tasks (or is inside another"
              + " blockOn); it would stall them. Await the future inside an async block, or spawn"
              + " it with Task.spawn");
    }
    if (ts.runtime == services) {
      throw new IllegalStateException(
          "blockOn was called on a blocking thread of this same runtime; to wait for async work"
              + " there, spawn it and wait for its handle: rt.spawn(f).toCompletableFuture()"
              + ".join()");
    }
    if (closed) {
      throw new IllegalStateException("blockOn was called after the runtime was closed");
    }
    return multiThread != null ? multiThread.blockOn(f) : currentThread.blockOn(f);
  }

  /**
   * Spawns {@code f} as a task: it starts running (on a worker, or on the current-thread
   * runtime's next {@code blockOn}) without being awaited.
   *
   * @param <T> the type of the task's value
   * @param f the task's future
   * @return the task's handle
   * @throws IllegalStateException after {@link #close()}
   */
  public <T> JoinHandle<T> spawn(Future<T> f) {
    Objects.requireNonNull(f, "f");
    return scheduler().spawn(checkOpen(f));
  }

  /**
   * Spawns {@code f} as a task named {@code name}: the name shows in task dumps ({@link
   * #dump()}), slow-poll reports and Flight Recorder events. Otherwise as {@link #spawn(Future)}.
   *
   * @param <T> the type of the task's value
   * @param name the task's name, not null (names need not be unique)
   * @param f the task's future
   * @return the task's handle
   * @throws IllegalStateException after {@link #close()}
   */
  public <T> JoinHandle<T> spawn(String name, Future<T> f) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(f, "f");
    return scheduler().spawn(checkOpen(f), name);
  }

  /**
   * A snapshot of every live task: its id and name, state, age, poll count, the worker it is
   * pinned to, where it was spawned (with {@link Builder#captureSpawnSites}), and what it waits
   * for: for an async block suspended in {@code await()}, the block's stack there; for a
   * poll-based future, its chain of combinators ({@link Future#describe()}). The runtime keeps
   * running while the dump is taken, and a dump may be taken at any moment, from any thread
   * (the task dumps of {@code jconsole} and {@code jcmd} come through the runtime's MXBean; see
   * the package documentation).
   *
   * <p>Each task is read at its own moment: a task that is queued or running is shown so,
   * without a description; an idle task is held for the microseconds its future takes to
   * describe itself (a wake-up meanwhile is passed on when the dump lets go). The registry of
   * idle tasks and the injection queue are each locked while their references are copied, a
   * few milliseconds per million tasks. A task listed for the first time gets its id then.
   *
   * <p>The one task a dump can miss is one that a worker has just taken from a queue and not
   * yet published as the task it polls: a few instructions, longer only if the operating
   * system preempts the worker right there. A dump taken again shows it.
   *
   * @return the dump; empty once the runtime is closed
   */
  public TaskDump dump() {
    return TaskDumper.take(name, flavour(), scheduler(), blocking, closed,
        metrics()::aliveTasks);
  }

  private String flavour() {
    return multiThread != null
        ? "multi-thread, " + workers + (workers == 1 ? " worker" : " workers")
        : "current-thread";
  }

  /**
   * Runs {@code body} on the blocking pool; see {@link Task#spawnBlocking}.
   *
   * @param <T> the type of the body's value
   * @param body the blocking work
   * @return the blocking task's handle
   */
  public <T> JoinHandle<T> spawnBlocking(Callable<T> body) {
    Objects.requireNonNull(body, "body");
    checkOpen(body);
    return blocking.spawnBlocking(body);
  }

  /** A task made but not yet scheduled (for JoinSet, which attaches to it first). */
  <T> RawTask<T> newTask(Future<T> f) {
    return scheduler().newTask(checkOpen(f));
  }

  Scheduler scheduler() {
    return multiThread != null ? multiThread : currentThread;
  }

  /** The multi-thread runtime's driver watch, or null on the current-thread runtime (tests). */
  DriverWatch driverWatch() {
    return driverWatch;
  }

  private <X> X checkOpen(X x) {
    if (closed) {
      throw new IllegalStateException("spawn after the runtime was closed");
    }
    return x;
  }

  /**
   * A live view of this runtime's counters.
   *
   * @return the metrics; each read shows the counters of that moment
   */
  public RuntimeMetrics metrics() {
    return new Metrics();
  }

  /**
   * Shuts the runtime down: cancels every task (their cleanup runs), waits for running blocking
   * tasks (which cannot be stopped) and joins every thread the runtime started. Calling it again
   * does nothing, unless an earlier {@link #close(Duration)} returned false: then it waits for
   * what was still running.
   *
   * @throws IllegalStateException from a thread of this runtime (it would wait for itself)
   */
  @Override
  public void close() {
    shutdown(null);
  }

  /**
   * {@link #close()}, returning at {@code limit} at the latest. Every task is still cancelled,
   * each on its own thread: what is not done by the limit (a worker stuck in a long poll, slow
   * cleanups, a great many idle tasks, blocking tasks still running) goes on in the background
   * on the runtime's own threads, which end when it is done.
   *
   * <p>Called again after it returned false (or {@link #close()} after it), it waits once more,
   * up to the new limit, for what was still running; once a close returned true, further calls
   * return true at once.
   *
   * @param limit how long to wait, not null and not negative
   * @return false if the runtime's work was not done at the limit (some thread of it still runs)
   * @throws NullPointerException if {@code limit} is null (use {@link #close()} for no limit)
   */
  public boolean close(Duration limit) {
    Objects.requireNonNull(limit, "limit (use close() to wait without a limit)");
    return shutdown(limit);
  }

  /** The shutdown of {@link #close()} and {@link #close(Duration)}; null: no limit. */
  private boolean shutdown(Duration limit) {
    if (limit != null && limit.isNegative()) {
      throw new IllegalArgumentException("close limit must not be negative: " + limit);
    }
    if (ThreadState.current().runtime == services) {
      throw new IllegalStateException(
          "close() was called from a thread of this runtime (a task, a blocking task or its"
              + " blockOn), where it would wait for itself; close it from outside");
    }
    closeLock.lock();
    try {
      if (closeResult != null && closeResult) {
        return true;
      }
      // A close after one that returned false at its limit waits again: the workers, or the
      // thread the current-thread runtime left cancelling the rest, and the blocking threads.
      boolean again = closeResult != null;
      closed = true;
      long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
      boolean allStopped = true;
      if (multiThread != null) {
        if (!again) {
          multiThread.beginShutdown();
        }
        allStopped = multiThread.awaitWorkers(deadline);
        if (allStopped) {
          multiThread.finishShutdown(); // idempotent: run again, it finds nothing left
        }
      } else {
        allStopped = currentThread.shutdown(deadline);
      }
      allStopped &= blocking.shutdown(deadline);
      closeResult = allStopped;
      if (again) {
        return allStopped; // the steps below ran at the first call
      }
      driver.shutdown();
      for (IoDriver io : ioDrivers) {
        io.shutdown(); // idempotent; the timer driver already shut down a shared one
      }
      if (mbean != null) {
        mbean.close();
      }
      Watchdog.unwatch(pollWatch);
      if (driverWatch != null) {
        Watchdog.unwatch(driverWatch);
      }
      return allStopped;
    } finally {
      closeLock.unlock();
    }
  }

  /** This runtime's I/O drivers: one selector, or one per worker (for tests). */
  List<IoDriver> ioDrivers() {
    return ioDrivers;
  }

  /**
   * Keys registered with this runtime's selectors now, those of channels closed since a
   * selector's last select included (for tests; 0 once the runtime closed).
   */
  int registeredIoKeys() {
    int n = 0;
    for (IoDriver io : ioDrivers) {
      n += io.loop.registeredKeys();
    }
    return n;
  }

  /**
   * True once {@link #close()} began.
   *
   * @return true once the runtime is closing or closed
   */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "AsyncRuntime[" + name + ", " + flavour() + (closed ? ", closed" : "") + "]";
  }

  private final class Metrics implements RuntimeMetrics {
    @Override
    public int workers() {
      return workers;
    }

    @Override
    public long aliveTasks() {
      return Math.max(0, spawnedTasks() - completed());
    }

    private long completed() {
      long n = shared.completedElsewhere.sum();
      if (multiThread != null) {
        for (Worker w : multiThread.workers) {
          n += w.stats.completed;
        }
      } else {
        n += currentThread.stats().completed;
      }
      return n;
    }

    @Override
    public long spawnedTasks() {
      long n = shared.spawnedElsewhere.sum();
      if (multiThread != null) {
        for (Worker w : multiThread.workers) {
          n += w.stats.spawned;
        }
      } else {
        n += currentThread.stats().spawned;
      }
      return n;
    }

    @Override
    public long polls() {
      long n = shared.pollsElsewhere.sum();
      return n + (multiThread != null ? multiThread.polls() : currentThread.stats().polls);
    }

    @Override
    public long steals() {
      return multiThread != null ? multiThread.steals() : 0;
    }

    @Override
    public long injectionQueueDepth() {
      return multiThread != null ? multiThread.inject.size() : currentThread.injectionQueueDepth();
    }

    @Override
    public int blockingThreads() {
      return blocking.threadCount();
    }

    @Override
    public long unhandledFailures() {
      return shared.unhandled.get();
    }

    @Override
    public long slowPolls() {
      return shared.slowPolls.get();
    }

    @Override
    public long stuckPolls() {
      return shared.stuckPolls.get();
    }

    @Override
    public String toString() {
      return "RuntimeMetrics[workers=" + workers() + ", alive=" + aliveTasks() + ", spawned="
          + spawnedTasks() + ", polls=" + polls() + ", steals=" + steals() + ", injected="
          + injectionQueueDepth() + ", blockingThreads=" + blockingThreads() + ", unhandled="
          + unhandledFailures() + ", slowPolls=" + slowPolls() + ", stuckPolls="
          + stuckPolls() + "]";
    }
  }

  /** Builds a runtime. Without a flavour it builds a current-thread one. */
  public static final class Builder {
    private boolean multiThread;
    private int workers = Runtime.getRuntime().availableProcessors();
    private String threadName;
    private boolean startPaused;
    private int maxBlockingThreads = 512;
    private Duration blockingKeepAlive = Duration.ofSeconds(10);
    private Selectors selectors = Selectors.fromSystemProperty();
    private boolean slowPollDetection = true;
    private Duration slowPollThreshold = Duration.ofMillis(10);
    private Duration stuckPollThreshold = Duration.ofSeconds(1);
    private boolean captureSpawnSites;
    private boolean registerMXBean = true;

    private Builder() {}

    /**
     * The single-threaded, event-loop flavour (the default).
     *
     * @return this builder
     */
    public Builder currentThread() {
      multiThread = false;
      return this;
    }

    /**
     * The work-stealing flavour.
     *
     * @return this builder
     */
    public Builder multiThread() {
      multiThread = true;
      return this;
    }

    /**
     * Worker threads of the multi-thread flavour (default: available processors).
     *
     * @param n the number of workers, at least 1
     * @return this builder
     */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be at least 1, got " + n);
      }
      workers = n;
      return this;
    }

    /**
     * Prefix of the names of the threads the runtime starts ({@code prefix-worker-0}, ...).
     *
     * @param prefix the prefix, not blank
     * @return this builder
     */
    public Builder threadName(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isBlank()) {
        throw new IllegalArgumentException("thread name prefix must not be blank");
      }
      threadName = prefix;
      return this;
    }

    /**
     * Start with a paused clock (current-thread flavour only; see {@code dev.weft.time.Time}).
     *
     * @param paused true for a paused clock
     * @return this builder
     */
    public Builder startPaused(boolean paused) {
      startPaused = paused;
      return this;
    }

    /**
     * Most threads the blocking pool may run at once (default 512).
     *
     * @param n the most blocking threads, at least 1
     * @return this builder
     */
    public Builder maxBlockingThreads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxBlockingThreads must be at least 1, got " + n);
      }
      maxBlockingThreads = n;
      return this;
    }

    /** How a multi-thread runtime's workers share the I/O driver (for tests and measurements). */
    Builder selectors(Selectors s) {
      selectors = Objects.requireNonNull(s, "s");
      return this;
    }

    /**
     * How long an idle blocking thread lives (default 10 s).
     *
     * @param keepAlive how long an idle blocking thread waits for work, not negative
     * @return this builder
     */
    public Builder blockingKeepAlive(Duration keepAlive) {
      Objects.requireNonNull(keepAlive, "keepAlive");
      if (keepAlive.isNegative()) {
        throw new IllegalArgumentException("keepAlive must not be negative: " + keepAlive);
      }
      blockingKeepAlive = keepAlive;
      return this;
    }

    /**
     * How long one poll may hold a runtime thread before it is reported as slow (default
     * 10 ms). A poll that runs longer keeps every task queued behind it waiting, which is what
     * a blocking call inside a task does ({@code Thread.sleep}, JDBC, a lock): such a poll is
     * logged once, when it ends, through {@link System.Logger} {@code dev.weft.runtime} at
     * WARNING, with the task, how long it took and the thread's stack taken while it ran, and
     * counted in {@link RuntimeMetrics#slowPolls()}.
     *
     * <p>Nothing is timed per poll: a watchdog thread samples the runtime's threads every
     * quarter of this threshold (at least every millisecond). So a poll is reported only if it
     * certainly ran longer than the threshold, always if it ran 1.5 times as long, and its
     * duration is right to within a quarter of the threshold. A stop-the-world pause of the JVM
     * (a garbage collection) stops the watchdog too; it is not counted against the poll it
     * interrupted, so a collection is not reported as some task's slow poll (the watchdog
     * counts each gap between its samples for at most two of its periods; a poll that runs on
     * while the watchdog itself gets no CPU is under-counted the same way). A slow poll whose
     * stack was loading or initialising classes when it was sampled is logged at DEBUG instead
     * (still counted): the first polls of a freshly started program do that, the first async
     * block of a JVM initialising the JDK's continuation machinery.
     *
     * @param threshold the threshold, more than zero
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     * @see #slowPollDetection(boolean)
     */
    public Builder slowPollThreshold(Duration threshold) {
      slowPollThreshold = positive("slowPollThreshold", threshold);
      return this;
    }

    /**
     * How long one poll may hold a runtime thread before it is reported as stuck, while it
     * still runs (default 1 s): logged once at WARNING with the thread's stack of that moment,
     * and counted in {@link RuntimeMetrics#stuckPolls()}. (The poll is also reported as slow
     * once it ends, if it ever does.)
     *
     * @param threshold the threshold, more than zero
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    public Builder stuckPollThreshold(Duration threshold) {
      stuckPollThreshold = positive("stuckPollThreshold", threshold);
      return this;
    }

    /**
     * Whether slow and stuck polls are detected (default true). Off, the watchdog does not
     * sample this runtime's threads at all.
     *
     * @param on false to turn detection off
     * @return this builder
     */
    public Builder slowPollDetection(boolean on) {
      slowPollDetection = on;
      return this;
    }

    /**
     * Whether each spawn records where it was spawned, for task dumps (default false: it costs
     * a stack capture, about a microsecond, per spawn).
     *
     * @param on true to capture spawn sites
     * @return this builder
     */
    public Builder captureSpawnSites(boolean on) {
      captureSpawnSites = on;
      return this;
    }

    /**
     * Whether the runtime registers its MXBean in the platform MBean server while it is open
     * (default true): {@code dev.weft:type=AsyncRuntime,name=PREFIX}, with the metrics as
     * attributes and the task dump as operations. The watchdog thread registers it within
     * milliseconds of the build (so that {@code build()} does not wait while the first
     * registration of a JVM starts its MBean server); {@code close()} unregisters it. Nothing
     * is registered on a JVM without {@code java.management}.
     *
     * @param on false to register nothing
     * @return this builder
     */
    public Builder registerMXBean(boolean on) {
      registerMXBean = on;
      return this;
    }

    private static Duration positive(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be more than zero, got " + d);
      }
      return d;
    }

    /**
     * Builds the runtime (a multi-thread one starts its workers now).
     *
     * @return a new runtime; close it when done
     * @throws IllegalArgumentException for a paused clock on the multi-thread flavour
     */
    public AsyncRuntime build() {
      if (startPaused && multiThread) {
        throw new IllegalArgumentException(
            "startPaused(true) needs the current-thread runtime: a paused clock jumps only when"
                + " every task is idle, which one thread can know for sure");
      }
      return new AsyncRuntime(this);
    }
  }
}
