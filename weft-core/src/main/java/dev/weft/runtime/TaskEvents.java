package dev.weft.runtime;

import dev.weft.internal.jfr.Jfr;
import dev.weft.internal.jfr.TaskFinishedEvent;
import dev.weft.internal.jfr.TaskSpawnedEvent;

/**
 * The Flight Recorder events of a task's life. Called only when {@link Jfr#on()}: this class
 * names event classes, so it must not load on a JVM without {@code jdk.jfr}.
 */
final class TaskEvents {
  private TaskEvents() {}

  static void spawned(RawTask<?> task, boolean blocking) {
    TaskSpawnedEvent e = new TaskSpawnedEvent();
    if (e.isEnabled()) {
      e.runtime = task.scheduler.runtime.name();
      e.taskId = task.id();
      e.taskName = task.name();
      e.blocking = blocking;
      e.commit();
    }
  }

  static void finished(RawTask<?> task, String outcome) {
    TaskFinishedEvent e = new TaskFinishedEvent();
    if (e.isEnabled()) {
      e.runtime = task.scheduler.runtime.name();
      e.taskId = task.id();
      e.taskName = task.name();
      e.outcome = outcome;
      e.polls = task.polls();
      e.age = TaskClock.age(task.born(), TaskClock.now()).toMillis();
      e.commit();
    }
  }
}
