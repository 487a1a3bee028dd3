package dev.weft.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One direction of a socket allows one pending operation at a time (one read, one write): the
 * future that returned pending holds the slot until it completes or is cancelled, and another
 * future polled meanwhile is refused with {@link IllegalStateException}. Two tasks that want to
 * read and write at once split the stream.
 */
final class OpSlot {
  private static final VarHandle HOLDER;

  static {
    try {
      HOLDER = MethodHandles.lookup().findVarHandle(OpSlot.class, "holder", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String what;
  private volatile Object holder;

  /** @param what the operation, for the message ("a read on this TcpStream") */
  OpSlot(String what) {
    this.what = what;
  }

  /** Takes the slot for {@code future}, or throws if another future holds it. */
  void claim(Object future) {
    Object h = holder;
    if (h == future || (h == null && HOLDER.compareAndSet(this, null, future))) {
      return;
    }
    throw new IllegalStateException(what + " is already pending: one at a time. To read and"
        + " write from two tasks, split() the stream; to read twice, await the first read");
  }

  /** Gives the slot back (idempotent). */
  void release(Object future) {
    HOLDER.compareAndSet(this, future, null);
  }
}
