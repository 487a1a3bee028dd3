package dev.weft.runtime;

import dev.weft.future.Future;
import dev.weft.internal.ThreadState;
import dev.weft.internal.jfr.Jfr;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link RawTask} needs from the runtime it belongs to: a place to go when woken, the
 * registry of idle tasks, and the counters. One scheduler per flavour (current-thread,
 * multi-thread) plus the blocking pool's.
 */
abstract class Scheduler {
  private static final System.Logger LOG = System.getLogger("dev.weft.runtime");

  final AsyncRuntime runtime;
  final Shared shared;

  Scheduler(AsyncRuntime runtime, Shared shared) {
    this.runtime = runtime;
    this.shared = shared;
  }

  /** What every scheduler of one runtime shares: registry, counters, failure reports. */
  static final class Shared implements FailureSink {
    final TaskRegistry registry;
    final LongAdder spawnedElsewhere = new LongAdder();
    final LongAdder completedElsewhere = new LongAdder();
    final LongAdder pollsElsewhere = new LongAdder();
    final AtomicLong unhandled = new AtomicLong();
    final AtomicLong slowPolls = new AtomicLong();  // PollWatch
    final AtomicLong stuckPolls = new AtomicLong(); // PollWatch
    final boolean captureSpawnSites;

    Shared(int registryShards) {
      this(registryShards, false);
    }

    Shared(int registryShards, boolean captureSpawnSites) {
      this.registry = new TaskRegistry(registryShards);
      this.captureSpawnSites = captureSpawnSites;
    }

    @Override
    public void report(String what, Throwable error) {
      unhandled.incrementAndGet(); // first: under a full heap the log below may fail, the count not
      try {
        LOG.log(System.Logger.Level.WARNING, what, error);
      } catch (Throwable logFailed) {
        // The failure is counted; the logger itself failed (out of memory, a broken handler).
        // Nothing is left to tell it to, and the reporting thread must go on.
      }
    }
  }

  /**
   * For a task dump, from any thread: passes on the tasks in this scheduler's run queues and
   * the tasks being polled (the registry is read apart). Racy readings are fine here; see
   * {@link TaskDumper}.
   */
  void forEachQueued(java.util.function.Consumer<RawTask<?>> out) {}

  /** The threads that poll this scheduler's tasks, for the watchdog and task dumps. */
  java.util.List<Poller> pollers() {
    return java.util.List.of();
  }

  /** A woken (or newly spawned) task: put it in a run queue. Any thread. */
  abstract void schedule(RawTask<?> task);

  /** A task woken during its own poll: put it at the back of a run queue (a yield). */
  abstract void yieldTask(RawTask<?> task);

  final TaskRegistry registry() {
    return shared.registry;
  }

  /** A new task of this scheduler, scheduled at once. */
  final <T> RawTask<T> spawn(Future<T> future) {
    return spawn(future, null);
  }

  /** A new task named {@code name} (or nameless if null), scheduled at once. */
  final <T> RawTask<T> spawn(Future<T> future, String name) {
    RawTask<T> task = newTask(future, name);
    submit(task);
    return task;
  }

  final <T> RawTask<T> newTask(Future<T> future) {
    return newTask(future, null);
  }

  final <T> RawTask<T> newTask(Future<T> future, String name) {
    RawTask<T> task = new RawTask<>(this, future);
    if (name != null || shared.captureSpawnSites) {
      task.describeSpawn(name, shared.captureSpawnSites ? new SpawnSite() : null);
    }
    WorkerStats ws = localStats();
    if (ws != null) {
      ws.spawned++;
    } else {
      shared.spawnedElsewhere.increment();
    }
    if (Jfr.on()) {
      TaskEvents.spawned(task, this instanceof BlockingPool);
    }
    return task;
  }

  /** Enqueues a task made by {@link #newTask} (it is born NOTIFIED). */
  void submit(RawTask<?> task) {
    schedule(task);
  }

  /** The calling thread's counters, if it is a thread of this runtime that keeps its own. */
  WorkerStats localStats() {
    ThreadState ts = ThreadState.current();
    if (ts.runtime == runtime.services && ts.worker instanceof WorkerStatsHolder h) {
      return h.stats();
    }
    return null;
  }

  /** Implemented by a scheduler's per-thread state that keeps counters. */
  interface WorkerStatsHolder {
    WorkerStats stats();
  }

  void taskCompleted(RawTask<?> task) {
    WorkerStats ws = localStats();
    if (ws != null) {
      ws.completed++;
    } else {
      shared.completedElsewhere.increment();
    }
  }

  /**
   * RawTask rule 8 for schedulers whose tasks are not pinned to a worker: {@code task} now holds
   * a suspended coroutine (the current-thread runtime counts them).
   */
  void coroutineHeld(RawTask<?> task) {}

  /** The task that {@link #coroutineHeld} named completed. */
  void coroutineReleased(RawTask<?> task) {}

  /** Rule 9 of RawTask: a failure nobody will see. */
  void reportUnhandled(RawTask<?> task, Throwable error) {
    shared.report("task " + task.id() + " failed and nobody awaits its JoinHandle", error);
  }

  /**
   * The waker of whoever awaited a task threw when the task completed: reported and counted,
   * never thrown on the completing thread (RawTask#complete), so no runtime thread dies of it.
   */
  void reportWakerFailure(RawTask<?> task, Throwable error) {
    shared.report("the waker of what awaited task " + task.id() + " threw when the task completed",
        error);
  }

  /** A future whose cancel() threw while its task was aborted. */
  void reportCleanupFailure(RawTask<?> task, Throwable error) {
    shared.report("task " + task.id() + " threw from its cleanup while being cancelled", error);
  }
}
