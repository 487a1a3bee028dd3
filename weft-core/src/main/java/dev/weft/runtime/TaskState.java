package dev.weft.runtime;

/** Where a task stood when a {@link TaskDump} read it. */
public enum TaskState {
  /** In a run queue: spawned, or woken, and waiting for a thread to poll it. */
  SCHEDULED,
  /** Being polled by a thread now (a blocking task: running on its thread). */
  RUNNING,
  /** Waiting for a wake-up: its last poll returned pending. */
  IDLE,
  /** Finished while the dump read it (a dump lists live tasks, so this is a race it lost). */
  FINISHED
}
