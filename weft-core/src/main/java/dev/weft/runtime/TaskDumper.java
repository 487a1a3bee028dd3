package dev.weft.runtime;

import dev.weft.internal.coro.AwaitStacks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Takes a {@link TaskDump} while the runtime runs.
 *
 * <h2>Finding the tasks</h2>
 * A live task is in a run queue (a task spawned and not yet polled), in a poll (its first), in
 * the {@link TaskRegistry} (every task that has gone idle once), or in the blocking pool, and
 * the dump reads them in that order. It copies the references out of each: the registry shard
 * by shard and the injection queue
 * under their locks, a worker's ring and LIFO slot and the current-thread runtime's local queue
 * without one (the owner keeps running; a racy copy may hold a task that has left, or miss one
 * that moved between two queues meanwhile, which is why each task's own state word decides what
 * is shown). Repeats are dropped by identity. While fewer tasks were found than the runtime
 * counts alive, the dump looks again (a few passes, keeping what it found): a task on its way
 * from one place to another is missed by one pass, not by every one.
 *
 * <h2>Reading a task</h2>
 * A task's state word says where it stands. An idle task's future is read only under the
 * task's INSPECTED claim (RawTask rule 10), so no thread can poll it meanwhile: that is what
 * makes walking a suspended coroutine's frames safe, since the walk mounts them for a moment. A
 * running task's stack is the stack of the thread that polls it, taken now and kept only if that
 * thread still polls the same task afterwards. Whatever fails while one task is read (its
 * {@code describe()} threw, a walk failed) is written into that task's entry; the others are
 * not affected.
 */
final class TaskDumper {
  private TaskDumper() {}

  /** How many times at most the dump looks for tasks that moved while it looked. */
  private static final int MAX_PASSES = 4;

  static TaskDump take(String runtime, String flavour, Scheduler scheduler, BlockingPool blocking,
      boolean closed, LongSupplier alive) {
    Instant takenAt = Instant.now();
    if (closed) {
      return new TaskDump(runtime, flavour, takenAt, List.of());
    }
    Set<RawTask<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<RawTask<?>> tasks = new ArrayList<>();
    Consumer<RawTask<?>> add = t -> {
      if (seen.add(t)) {
        tasks.add(t);
      }
    };
    Map<RawTask<?>, Thread> runningBlocking = new IdentityHashMap<>();
    // The places are read in the order a task moves through them (a run queue, a poll, then
    // the registry once idle; a worker clears its poll slot only after the task went idle), so
    // a task moving forward is found in one of them. A task that goes round (idle, woken, queued
    // again) while the dump looks can still be missed: look again, keeping what was found,
    // while fewer tasks were found than are alive (a racy count, so the passes are bounded).
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      scheduler.forEachQueued(add);
      scheduler.registry().forEach(add);
      blocking.forEachTask((t, thread) -> {
        add.accept(t);
        if (thread != null) {
          runningBlocking.put(t, thread);
        }
      });
      if (tasks.size() >= alive.getAsLong()) {
        break;
      }
    }
    List<Poller> pollers = scheduler.pollers();
    int now = TaskClock.exactNow();
    List<TaskInfo> infos = new ArrayList<>(tasks.size());
    for (RawTask<?> t : tasks) {
      infos.add(read(t, t.scheduler == blocking, pollers, runningBlocking.get(t), now));
    }
    infos.sort(Comparator.comparingLong(TaskInfo::id));
    return new TaskDump(runtime, flavour, takenAt, infos);
  }

  /** One task's entry; a failure while reading it goes into the entry. */
  static TaskInfo read(RawTask<?> t, boolean blocking, List<Poller> pollers,
      Thread blockingThread, int now) {
    Entry e = new Entry(t, blocking, now);
    try {
      e.fill(pollers, blockingThread);
    } catch (Throwable failure) {
      if (failure instanceof VirtualMachineError vm && !(vm instanceof StackOverflowError)) {
        throw vm; // out of memory: the dump cannot be made, say so
      }
      e.problem = "reading this task failed: " + failure;
    }
    return e.info();
  }

  /** What is known of one task, filled step by step so that a failure keeps what was read. */
  private static final class Entry {
    final RawTask<?> task;
    final boolean blocking;
    final int now;
    TaskState state;
    long polls;
    int worker = -1;
    String thread;
    String awaiting;
    List<List<StackTraceElement>> stacks = List.of();
    List<StackTraceElement> spawnedAt = List.of();
    String problem;

    Entry(RawTask<?> task, boolean blocking, int now) {
      this.task = task;
      this.blocking = blocking;
      this.now = now;
      this.state = stateOf(task.stateNow());
    }

    void fill(List<Poller> pollers, Thread blockingThread) {
      Worker home = task.home;
      if (home != null) {
        worker = home.index;
      }
      SpawnSite site = task.spawnSite();
      if (site != null) {
        spawnedAt = site.frames();
      }
      AwaitStacks.Described d = task.inspectIdle(AwaitStacks::describe); // idle tasks only
      state = d != null ? TaskState.IDLE : stateOf(task.stateNow());
      polls = task.polls();
      if (d != null) {
        awaiting = d.text();
        stacks = d.stacks();
      } else if (state == TaskState.IDLE) {
        problem = "another task dump was reading this task at the same moment";
      } else if (state == TaskState.RUNNING) {
        readRunning(pollers, blockingThread);
      }
    }

    /** The stack of the thread that polls the task, if it still polls it after the walk. */
    private void readRunning(List<Poller> pollers, Thread blockingThread) {
      if (blockingThread != null) {
        thread = blockingThread.getName();
        stacks = List.of(aboveRuntime(blockingThread.getStackTrace()));
        return;
      }
      for (Poller p : pollers) {
        Thread th = p.pollingThread();
        if (th == null || p.pollingTask() != task || !p.inPoll()) {
          continue;
        }
        long count = p.pollCount();
        StackTraceElement[] frames = th.getStackTrace();
        thread = th.getName();
        if (p.workerIndex() >= 0) {
          worker = p.workerIndex();
        }
        if (p.pollingTask() == task && p.pollCount() == count && p.inPoll()) {
          stacks = List.of(aboveRuntime(frames));
        }
        return;
      }
    }

    TaskInfo info() {
      long id = task.id();
      return new TaskInfo(id, task.name(), state, blocking, TaskClock.age(task.born(), now),
          polls, worker, thread, awaiting, stacks, spawnedAt, problem);
    }
  }

  static TaskState stateOf(int s) {
    if ((s & RawTask.COMPLETE) != 0) {
      return TaskState.FINISHED;
    }
    if ((s & RawTask.RUNNING) != 0) {
      return TaskState.RUNNING;
    }
    return (s & RawTask.NOTIFIED) != 0 ? TaskState.SCHEDULED : TaskState.IDLE;
  }

  /**
   * A runtime thread's frames above the runtime's own: what the polled future was doing. The
   * frames from the task's run (and the worker loop below it) are cut off.
   */
  static List<StackTraceElement> aboveRuntime(StackTraceElement[] frames) {
    int end = frames.length;
    for (int i = 0; i < frames.length; i++) {
      if (frames[i].getClassName().equals(RawTask.class.getName())) {
        end = i;
        break;
      }
    }
    return List.copyOf(Arrays.asList(frames).subList(0, end));
  }
}
