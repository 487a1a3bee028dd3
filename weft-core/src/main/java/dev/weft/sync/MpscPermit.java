package dev.weft.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Reserved room in an mpsc channel ({@link Sender.Permit}). It holds one permit of the channel's
 * room and counts as an open sender until used; {@code used} flips once, so a second use throws.
 */
final class MpscPermit<T> implements Sender.Permit<T> {
  private static final VarHandle USED;

  static {
    try {
      USED = MethodHandles.lookup().findVarHandle(MpscPermit.class, "used", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Chan<T> chan;
  private volatile boolean used;

  MpscPermit(Chan<T> chan) {
    this.chan = chan;
  }

  private void use() {
    if (!USED.compareAndSet(this, false, true)) {
      throw new IllegalStateException("this Permit was already used (send or release)");
    }
  }

  @Override
  public void send(T value) {
    Objects.requireNonNull(value, "value");
    use();
    if (chan.isRxClosed()) {
      chan.unreserve(); // the receiver is gone: the value is dropped
    } else {
      chan.push(value);
    }
    chan.dropSender();
  }

  @Override
  public void release() {
    use();
    chan.unreserve();
    chan.dropSender();
  }

  @Override
  public String toString() {
    return "Permit[" + (used ? "used" : "unused") + "]";
  }
}
