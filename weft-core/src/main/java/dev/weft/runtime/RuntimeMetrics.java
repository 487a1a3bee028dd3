package dev.weft.runtime;

/**
 * A live view of a runtime's counters: every call reads the current value. Cheap enough to
 * leave on (the counters are plain per-worker fields, summed when read).
 */
public interface RuntimeMetrics {
  /**
   * Worker threads that run tasks (1 for a current-thread runtime).
   *
   * @return the number of workers
   */
  int workers();

  /**
   * Tasks spawned and not yet finished.
   *
   * @return the number of live tasks
   */
  long aliveTasks();

  /**
   * Tasks spawned since the runtime was built (blocking tasks included).
   *
   * @return the number of tasks spawned
   */
  long spawnedTasks();

  /**
   * Task polls so far.
   *
   * @return the number of task polls
   */
  long polls();

  /**
   * Tasks moved from one worker's queue to another's by work stealing.
   *
   * @return the number of stolen tasks
   */
  long steals();

  /**
   * Tasks waiting in the global injection queue now.
   *
   * @return the injection queue's length
   */
  long injectionQueueDepth();

  /**
   * Threads of the blocking pool now alive (running or idle).
   *
   * @return the number of blocking threads
   */
  int blockingThreads();

  /**
   * Failures nobody could receive: tasks that failed while nobody held their JoinHandle (detached
   * handles, and fire-and-forget handles once collected unread; see {@link JoinHandle}), plus
   * failures of foreign code the runtime isolated (a waker that threw, a cleanup that threw
   * during an abort). Each is also logged.
   *
   * @return the number of unhandled failures
   */
  long unhandledFailures();

  /**
   * Polls that held a runtime thread longer than the slow-poll threshold (see
   * {@link AsyncRuntime.Builder#slowPollThreshold}); each is also logged.
   *
   * @return the number of slow polls reported
   */
  long slowPolls();

  /**
   * Polls reported while they still ran, past the stuck-poll threshold (see
   * {@link AsyncRuntime.Builder#stuckPollThreshold}): a thread blocked inside a task.
   *
   * @return the number of stuck polls reported
   */
  long stuckPolls();
}
