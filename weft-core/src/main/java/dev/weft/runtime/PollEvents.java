package dev.weft.runtime;

import dev.weft.internal.jfr.Jfr;
import dev.weft.internal.jfr.SlowPollEvent;

/**
 * The Flight Recorder side of {@link PollWatch}: a {@code dev.weft.SlowPoll} event per poll the
 * watchdog saw. Called only when {@link Jfr#on()}; the events pass as Objects so that the
 * watchdog's own classes name no event class.
 */
final class PollEvents {
  private PollEvents() {}

  /** Begins the event of a poll just seen, or returns null if no recording wants it. */
  static Object begin() {
    SlowPollEvent e = new SlowPollEvent();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /** Ends it, now that the poll was seen over, and commits it if it passes its threshold. */
  static void end(Object event, String runtime, RawTask<?> task, Thread thread, String stack) {
    SlowPollEvent e = (SlowPollEvent) event;
    e.end();
    if (e.shouldCommit()) {
      e.runtime = runtime;
      e.taskId = task == null ? 0 : task.id();
      e.taskName = task == null ? "blockOn future" : task.name();
      e.pollingThread = thread;
      e.stack = stack;
      e.commit();
    }
  }
}
