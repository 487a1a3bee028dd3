package dev.weft.runtime;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of every live task of a runtime: {@link AsyncRuntime#dump()}. For each task, its
 * id and name, its state, age and poll count, the worker it is pinned to, and what it waits for:
 * the stack of a suspended async block at its {@code await()}, the chain of combinators of a
 * poll-based future. {@link #toString()} is the readable form, {@link #toJson()} the one for
 * tools; {@code jconsole} and {@code jcmd} reach both through the runtime's MXBean (see the
 * package documentation).
 *
 * <p>The dump is taken while the runtime runs: each task is read at its own moment, so two
 * entries may not describe the same instant, and a task spawned or finished meanwhile may be
 * missing or shown as {@link TaskState#FINISHED}.
 */
public final class TaskDump {
  private final String runtime;
  private final String flavour;
  private final Instant takenAt;
  private final List<TaskInfo> tasks;

  TaskDump(String runtime, String flavour, Instant takenAt, List<TaskInfo> tasks) {
    this.runtime = runtime;
    this.flavour = flavour;
    this.takenAt = takenAt;
    this.tasks = List.copyOf(tasks);
  }

  /**
   * The runtime's name: the prefix of its threads' names.
   *
   * @return the runtime's name
   */
  public String runtime() {
    return runtime;
  }

  /**
   * When the dump was taken.
   *
   * @return the instant the dump began
   */
  public Instant takenAt() {
    return takenAt;
  }

  /**
   * The tasks, by id.
   *
   * @return the tasks; empty for a runtime that was closed
   */
  public List<TaskInfo> tasks() {
    return tasks;
  }

  String flavour() {
    return flavour;
  }

  /**
   * The dump as JSON: an object with {@code runtime}, {@code flavour} ({@code "current-thread"}
   * or {@code "multi-thread, N workers"}), {@code takenAt} and {@code tasks}, each task an object
   * of the fields of {@link TaskInfo} ({@code ageMillis} for the age, {@code state} in lower
   * case, stack frames as strings, absent values as {@code null}).
   *
   * @return the JSON text
   */
  public String toJson() {
    return TaskDumpJson.of(this);
  }

  /**
   * The dump as text, one block per task, stacks indented as in a thread dump.
   *
   * @return the readable form
   */
  @Override
  public String toString() {
    return TaskDumpText.of(this);
  }
}
