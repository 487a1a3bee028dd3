package dev.weft.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@link Poller}'s current {@link PollSlot}, replaced by a fresh one every
 * {@value PollSlot#RENEW_AFTER} polls so that the slot stays young. {@link #next} is called by
 * the poller's thread only; {@link #current} by any thread (the watchdog, a task dump).
 */
final class PollSlotHolder {
  private static final VarHandle SLOT;

  static {
    try {
      SLOT = MethodHandles.lookup().findVarHandle(PollSlotHolder.class, "slot", PollSlot.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // through SLOT
  private volatile PollSlot slot = new PollSlot();
  private int polls; // since the slot was renewed; the poller's thread only

  /** The poller's thread: the slot to publish its next poll in. */
  PollSlot next() {
    PollSlot s = (PollSlot) SLOT.getOpaque(this);
    if (++polls == PollSlot.RENEW_AFTER) {
      polls = 0;
      s = new PollSlot();
      SLOT.setOpaque(this, s);
    }
    return s;
  }

  /** Any thread: what the current slot holds (a task, a poller's own marker), or null. */
  Object current() {
    return ((PollSlot) SLOT.getOpaque(this)).get();
  }
}
