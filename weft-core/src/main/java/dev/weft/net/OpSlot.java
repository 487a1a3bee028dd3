package dev.weft.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One direction of a socket allows one pending operation at a time (one read, one write): the
 * future that returned pending holds the slot until it completes or is cancelled, and another
 * future polled meanwhile is refused with {@link IllegalStateException}. Two tasks that want to
 * read and write at once split the stream.
 *
 * <p>A future's first poll also checks, before it takes the slot, that it runs on the socket's
 * runtime ({@link #checkRuntime}): some complete without touching the socket (a
 * {@code readExact} into an empty buffer), and must still refuse to run outside a runtime.
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
  private final ChannelIo io;
  private volatile Object holder;

  /**
   * @param what the operation, for the messages ("a read on this TcpStream")
   * @param io the socket's channel
   */
  OpSlot(String what, ChannelIo io) {
    this.what = what;
    this.io = io;
  }

  /** Throws {@link IllegalStateException} unless the calling thread runs the socket's runtime. */
  void checkRuntime() {
    io.registration(what);
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
