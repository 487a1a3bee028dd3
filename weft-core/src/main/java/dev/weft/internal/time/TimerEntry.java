package dev.weft.internal.time;

import dev.weft.future.Waker;

/**
 * One timer: a deadline in wheel ticks (tenths of a millisecond), the waker to wake when it is
 * due, and the links of the list it is on (a wheel slot, or the wheel's list of due entries). The
 * list fields belong to the wheel and are touched under its owner's lock; {@code fired} and
 * {@code waker} are volatile so the timer's future can read them without the lock.
 */
public final class TimerEntry {
  static final byte NOWHERE = -1;
  static final byte DUE = TimerWheel.LEVELS; // on the due list, not yet delivered

  long deadline;
  TimerEntry prev;
  TimerEntry next;
  byte level = NOWHERE;
  byte slot;

  /** Set (by the driver, under its lock) once the entry is due and its waker is about to be woken. */
  public volatile boolean fired;

  /** The waker to wake when due; the timer's future updates it on each poll. */
  public volatile Waker waker;

  public TimerEntry(Waker waker) {
    this.waker = waker;
  }

  /** The deadline in wheel ticks (valid once inserted). */
  public long deadline() {
    return deadline;
  }

  /** True while the entry is in the wheel or on its due list. */
  public boolean isLinked() {
    return level != NOWHERE;
  }
}
