package dev.weft.runtime;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.internal.Failures;
import dev.weft.internal.ParkingWaker;
import dev.weft.internal.RuntimeContext;
import dev.weft.internal.ThreadState;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The work-stealing runtime, in tokio's design: N {@link Worker}s, each with a bounded local run
 * queue and a LIFO slot; a global {@link InjectQueue} for wake-ups from outside; stealing half a
 * victim's queue; sleeping workers coordinated by {@link Idle}; one sleeping worker at a time
 * parked on the {@link Driver}.
 *
 * <h2>Shutdown protocol</h2>
 * <ol>
 *   <li>{@code shutdown} is set, the registry closed (a task that would go idle is cancelled at
 *       once by its runner) and the injection queue closed to pushes: no new remote wake-up is
 *       queued (a task woken from outside now stays NOTIFIED, and step 2 finds it in the
 *       registry; a task spawned by a call that raced {@code close()} is registered nowhere, so
 *       its spawner cancels it, RawTask rule 7). What was queued stays queued for step 2.
 *   <li>Every worker is unparked. Each finishes the poll it is in, leaves its loop, and cancels
 *       on its own thread the tasks of its queues and the idle tasks pinned to it (a coroutine
 *       resumes only on its own thread, even to run its finally blocks); then it helps with
 *       what any thread may cancel: the injection queue's tasks and the registered tasks pinned
 *       to nobody (neither holds a suspended coroutine).
 *   <li>The closing thread joins the workers until the caller's limit, and no longer: it never
 *       cancels a task itself while a worker lives, so a slow cleanup, a million idle tasks or
 *       a worker stuck in a poll cannot hold it past the limit, and no coroutine is resumed
 *       away from its worker. A worker that outlives the limit finishes steps 2 on its own when
 *       its poll returns.
 *   <li>If every worker stopped, the closing thread cancels whatever is left (nothing, unless a
 *       task was woken into a queue after its worker drained it).
 * </ol>
 * Every task is therefore cancelled exactly once, by whoever claims it first.
 */
final class MultiThreadScheduler extends Scheduler {
  static final int EVENT_INTERVAL = 61;
  static final int GLOBAL_QUEUE_INTERVAL = 31;
  static final int MAX_LIFO_POLLS = 3;
  /** How often a sleeping worker holding the driver checks for work stuck behind a long poll. */
  static final long STALL_CHECK_NANOS = 1_000_000;

  final Worker[] workers;
  final InjectQueue inject = new InjectQueue();
  final Idle idle;
  final TimerDriver driver;
  final ReentrantLock driverLock = new ReentrantLock();
  final Parker.DriverSleep driverSleep = new Parker.DriverSleep();
  volatile boolean shutdown;

  /**
   * @param perWorkerIo one selector per worker (else the timer driver's inner driver is the one
   *     selector every worker shares)
   */
  MultiThreadScheduler(AsyncRuntime runtime, Shared shared, TimerDriver driver, int workerCount,
      boolean perWorkerIo) {
    super(runtime, shared);
    this.driver = driver;
    this.idle = new Idle(workerCount);
    this.workers = new Worker[workerCount];
    for (int i = 0; i < workerCount; i++) {
      workers[i] = new Worker(this, i, perWorkerIo ? new IoDriver(shared) : null);
    }
  }

  void start(String namePrefix) {
    for (Worker w : workers) {
      w.thread = new RuntimeThread(w, namePrefix + "-worker-" + w.index);
    }
    for (Worker w : workers) {
      w.thread.start();
    }
  }

  /** The worker the calling thread is, if it is one of this scheduler's. */
  Worker currentWorker() {
    if (Thread.currentThread() instanceof RuntimeThread rt
        && rt.threadState().worker instanceof Worker w
        && w.scheduler == this) {
      return w;
    }
    return null;
  }

  @Override
  void schedule(RawTask<?> task) {
    route(task, false);
  }

  @Override
  void forEachQueued(java.util.function.Consumer<RawTask<?>> out) {
    inject.forEach(out);
    for (Worker w : workers) {
      RawTask<?> t = w.lifoTask();
      if (t != null) {
        out.accept(t);
      }
      w.queue.forEachRacy(out);
      t = w.pollingTask();
      if (t != null) {
        out.accept(t); // perhaps in its first poll, and then in no queue and no registry yet
      }
    }
  }

  @Override
  List<Poller> pollers() {
    return List.of(workers);
  }

  @Override
  void yieldTask(RawTask<?> task) {
    Worker w = currentWorker();
    if (w != null) {
      w.beforeRequeueOfPolledTask();
    }
    route(task, true);
  }

  /** A pinned task goes to its worker; an unpinned one to this worker's queues, or the injection queue. */
  private void route(RawTask<?> task, boolean isYield) {
    Worker home = task.home;
    if (home != null) {
      home.pushPinned(task);
      return;
    }
    Worker w = currentWorker();
    if (w != null) {
      w.scheduleLocal(task, isYield);
    } else if (inject.push(task)) {
      notifyParked();
    }
  }

  /**
   * After a worker pushed onto its own queue: wakes a sleeping worker to share the work, unless
   * an unfenced look says nobody sleeps or somebody already searches (Idle#mightWantWorker).
   */
  void notifyParkedLocal() {
    if (idle.mightWantWorker()) {
      notifyParked();
    }
  }

  /** Wakes a sleeping worker if work needs one (Idle rule 2). */
  void notifyParked() {
    int i = idle.workerToNotify(driverSleep.holder);
    if (i >= 0) {
      workers[i].parker.unpark();
      if (driverSleep.forever) {
        driver.unpark(); // a worker is busy now: the driver holder must watch it (Parker.DriverSleep)
      }
    }
  }

  /**
   * Keeps a sleeping worker on the driver while any worker sleeps: timers and the stall check
   * (Worker) depend on it. Called by a worker that leaves the driver because it was handed work,
   * by the stall check's rescue, and by the {@link DriverWatch} when the driver has stayed
   * unwatched (a worker that leaves it because of readiness leaves the watch to that). If no
   * worker sleeps on the driver and the lock is free, one sleeper is woken without being
   * notified (Idle still counts it asleep): it finds nothing to do and parks again, this time on
   * the driver.
   */
  void watchDriver() {
    if (driverUnwatched()) {
      int sleeper = idle.anySleeper();
      if (sleeper >= 0) {
        workers[sleeper].parker.unpark();
      }
    }
  }

  /** Whether no worker sleeps on the driver and none holds it (racy: a hint). */
  boolean driverUnwatched() {
    return driverSleep.holder < 0 && !driverLock.isLocked();
  }

  /** After the last searcher went to sleep: look at every queue once more (Idle rule 5). */
  void notifyIfWorkPending() {
    for (Worker w : workers) {
      if (w.hasSearchableWork()) {
        notifyParked();
        return;
      }
    }
    if (!inject.isEmpty()) {
      notifyParked();
    }
  }

  long steals() {
    long n = 0;
    for (Worker w : workers) {
      n += w.stats.steals;
    }
    return n;
  }

  long polls() {
    long n = 0;
    for (Worker w : workers) {
      n += w.stats.polls;
    }
    return n;
  }

  // ---- blockOn: the caller's thread polls only its own future ----

  private final java.util.Set<ParkingWaker> blockOnWakers =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  <T> T blockOn(Future<T> f) {
    ThreadState ts = ThreadState.current();
    RuntimeContext savedRuntime = ts.runtime;
    ts.runtime = runtime.services;
    ts.schedulerThread = true;
    ParkingWaker waker = new ParkingWaker(Thread.currentThread());
    blockOnWakers.add(waker);
    Context cx = Context.of(waker);
    boolean interrupted = false;
    try {
      for (;;) {
        if (shutdown) {
          try {
            f.cancel();
          } catch (Throwable ignored) {
            // the caller is told the runtime closed
          }
          throw new java.util.concurrent.CancellationException(
              "the runtime was closed while blockOn waited");
        }
        Poll<T> p;
        int budget = Coop.begin(ts);
        try {
          p = f.poll(cx);
        } catch (Throwable t) {
          throw Failures.forCaller(t);
        } finally {
          Coop.end(ts, budget);
        }
        if (p instanceof Poll.Ready<T> r) {
          return r.value();
        }
        interrupted |= waker.await();
      }
    } finally {
      ts.runtime = savedRuntime;
      ts.schedulerThread = false;
      blockOnWakers.remove(waker);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- shutdown ----

  /** Step 1 of the shutdown protocol, and the unpark that starts step 2. */
  void beginShutdown() {
    shutdown = true;
    registry().close(); // a task going idle from now on is cancelled at once, on its own worker
    inject.closeForPushes();
    for (Worker w : workers) {
      w.parker.unpark();
    }
    for (ParkingWaker w : blockOnWakers) {
      w.nudge();
    }
  }

  /**
   * Step 2's shared part, for a worker that has cancelled its own tasks: the injection queue's
   * tasks and the idle tasks pinned to no worker, which any thread may cancel.
   */
  void cancelUnpinnedLeftovers() {
    for (RawTask<?> t; (t = inject.pop()) != null; ) {
      t.shutdown();
    }
    for (RawTask<?> t : registry().takeUnpinned()) {
      t.shutdown();
    }
  }

  /** Step 3: true if every worker stopped before the deadline ({@code System.nanoTime()}). */
  boolean awaitWorkers(long deadlineNanos) {
    boolean all = true;
    for (Worker w : workers) {
      all &= RuntimeThread.joinUntil(w.thread, deadlineNanos);
    }
    return all;
  }

  /** Step 4, once every worker stopped: whatever is left. */
  void finishShutdown() {
    withRuntimeContext(() -> {
      cancelUnpinnedLeftovers();
      for (RawTask<?> t : registry().closeAndTakeAll()) {
        t.shutdown();
      }
    });
  }

  private void withRuntimeContext(Runnable r) {
    ThreadState ts = ThreadState.current();
    RuntimeContext saved = ts.runtime;
    ts.runtime = runtime.services;
    try {
      r.run();
    } finally {
      ts.runtime = saved;
    }
  }
}
