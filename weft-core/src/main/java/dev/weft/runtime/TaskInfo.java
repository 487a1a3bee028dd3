package dev.weft.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One task as a {@link TaskDump} saw it. Read at one moment without stopping the runtime: the
 * task may have moved on since.
 */
public final class TaskInfo {
  private final long id;
  private final String name;
  private final TaskState state;
  private final boolean blocking;
  private final Duration age;
  private final long polls;
  private final int worker;
  private final String thread;
  private final String awaiting;
  private final List<List<StackTraceElement>> stacks;
  private final List<StackTraceElement> spawnedAt;
  private final String problem;

  TaskInfo(long id, String name, TaskState state, boolean blocking, Duration age, long polls,
      int worker, String thread, String awaiting, List<List<StackTraceElement>> stacks,
      List<StackTraceElement> spawnedAt, String problem) {
    this.id = id;
    this.name = name;
    this.state = state;
    this.blocking = blocking;
    this.age = age;
    this.polls = polls;
    this.worker = worker;
    this.thread = thread;
    this.awaiting = awaiting;
    this.stacks = List.copyOf(stacks);
    this.spawnedAt = List.copyOf(spawnedAt);
    this.problem = problem;
  }

  /**
   * The task's id, as {@link JoinHandle#id()} gives it.
   *
   * @return the id
   */
  public long id() {
    return id;
  }

  /**
   * The name it was spawned with ({@code spawn(name, future)}).
   *
   * @return the name, or empty for a task spawned without one
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * Where the task stood.
   *
   * @return its state
   */
  public TaskState state() {
    return state;
  }

  /**
   * True for a task of the blocking pool ({@code spawnBlocking}).
   *
   * @return whether it is a blocking task
   */
  public boolean blocking() {
    return blocking;
  }

  /**
   * How long ago it was spawned, to within about 10 ms (a coarse clock the runtime's watchdog
   * thread keeps: reading the system clock at every spawn would cost more than the spawn).
   *
   * @return the task's age
   */
  public Duration age() {
    return age;
  }

  /**
   * Polls started so far, the one in progress included; counts up to 67,108,863 and stays there.
   *
   * @return the number of polls
   */
  public long polls() {
    return polls;
  }

  /**
   * The multi-thread runtime's worker the task is pinned to (it holds a suspended async block,
   * which resumes only there) or running on.
   *
   * @return the worker's index, or empty if neither
   */
  public OptionalInt worker() {
    return worker < 0 ? OptionalInt.empty() : OptionalInt.of(worker);
  }

  /**
   * The thread running the task, for a running one.
   *
   * @return the thread's name, or empty
   */
  public Optional<String> thread() {
    return Optional.ofNullable(thread);
  }

  /**
   * For an idle task, what it waits for: its future's {@link dev.weft.future.Future#describe()
   * description}, for example {@code async block at Worker.fetch(Worker.java:31) <- timeout(2 s)
   * <- recv(mpsc)}.
   *
   * @return the description, or empty for a task that was not idle (or could not be read)
   */
  public Optional<String> awaiting() {
    return Optional.ofNullable(awaiting);
  }

  /**
   * The task's stacks: for an idle task, the stack of each suspended async block in its future
   * at its {@code await()}, outermost block first (a block woven into a state machine has no
   * stack: its one frame is the line of the await it is suspended at, from its lambda); for a
   * running task, the stack of the thread running it, above the runtime's own frames. Innermost
   * frame first, as in a thread dump.
   *
   * @return the stacks, empty when there is none to show
   */
  public List<List<StackTraceElement>> stacks() {
    return stacks;
  }

  /**
   * Where the task was spawned, innermost frame first: only when the runtime was built with
   * {@link AsyncRuntime.Builder#captureSpawnSites(boolean) captureSpawnSites(true)}.
   *
   * @return the frames, or an empty list
   */
  public List<StackTraceElement> spawnedAt() {
    return spawnedAt;
  }

  /**
   * Why part of this entry is missing: the task's {@code describe()} threw, its stack could not
   * be walked, another dump was reading it at the same moment.
   *
   * @return what went wrong, or empty
   */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    TaskDumpText.appendTask(b, this);
    return b.toString();
  }
}
