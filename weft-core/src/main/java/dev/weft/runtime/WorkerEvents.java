package dev.weft.runtime;

import dev.weft.internal.jfr.Jfr;
import dev.weft.internal.jfr.WorkerParkEvent;
import dev.weft.internal.jfr.WorkerUnparkEvent;

/**
 * The Flight Recorder events of a runtime thread's sleep. Called only when {@link Jfr#on()};
 * the park event passes as an Object, so the callers name no event class.
 */
final class WorkerEvents {
  private WorkerEvents() {}

  /** Begins the event of a park, or returns null if no recording wants it. */
  static Object beginPark() {
    WorkerParkEvent e = new WorkerParkEvent();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /** Ends it: the thread is awake; committed if it slept past the event's threshold. */
  static void endPark(Object event, String runtime, int worker, boolean onDriver,
      long timeoutNanos) {
    WorkerParkEvent e = (WorkerParkEvent) event;
    e.end();
    if (e.shouldCommit()) {
      e.runtime = runtime;
      e.worker = worker;
      e.onDriver = onDriver;
      e.timeout = timeoutNanos;
      e.commit();
    }
  }

  /** A thread woke a sleeping worker. */
  static void unparked(String runtime, int worker) {
    WorkerUnparkEvent e = new WorkerUnparkEvent();
    if (e.isEnabled()) {
      e.runtime = runtime;
      e.worker = worker;
      e.commit();
    }
  }
}
