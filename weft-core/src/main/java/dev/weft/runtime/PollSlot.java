package dev.weft.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where a {@link Poller} publishes the task it polls, for the watchdog and task dumps: one
 * reference store before each poll and a null store after it. A reference store costs under
 * G1 what a task's hot path cannot pay when the object it goes into is old (the post-write
 * barrier's StoreLoad fence, about 4 ns a poll here, measured on W1 and W7), and a worker is
 * old soon after it starts; a store into a young object skips that fence. So the poller keeps
 * the reference in this small object and replaces the object with a fresh, young one every
 * {@value #RENEW_AFTER} polls, long before a collection could promote it. Readers may find a
 * replaced slot: it was cleared at the end of its last poll, so they read "no task", as between
 * two polls.
 */
final class PollSlot {
  static final int RENEW_AFTER = 4096;
  private static final VarHandle TASK;

  static {
    try {
      TASK = MethodHandles.lookup().findVarHandle(PollSlot.class, "task", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // through TASK
  private volatile Object task; // the task (or a poller's own marker) in the poll, or null

  void set(Object t) {
    TASK.setOpaque(this, t);
  }

  Object get() {
    return TASK.getOpaque(this);
  }
}
