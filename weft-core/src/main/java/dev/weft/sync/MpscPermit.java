package dev.weft.sync;

import dev.weft.internal.Cleaners;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * Reserved room in an mpsc channel ({@link Sender.Permit}). It holds one permit of the channel's
 * room and counts as an open sender until used. The room and the sender count are given back
 * exactly once: by {@code send}, by {@code release}, or, for a permit that became unreachable
 * unused, by its {@link Cleaner} action, as Rust's drop would (otherwise the receiver would wait
 * forever for a sender that no longer exists). {@link Claim#used} decides which of them it is.
 */
final class MpscPermit<T> implements Sender.Permit<T> {
  private final Claim claim;
  private final Cleaner.Cleanable cleanable;

  MpscPermit(Chan<T> chan) {
    this.claim = new Claim(chan);
    this.cleanable = Cleaners.CLEANER.register(this, claim);
  }

  /** The permit's state and its cleaning action; it must not reference the permit. */
  private static final class Claim implements Runnable {
    private static final VarHandle USED;

    static {
      try {
        USED = MethodHandles.lookup().findVarHandle(Claim.class, "used", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Chan<?> chan;
    volatile boolean used;

    Claim(Chan<?> chan) {
      this.chan = chan;
    }

    boolean take() {
      return USED.compareAndSet(this, false, true);
    }

    /** The room and the sender count go back to the channel, without a value. */
    void giveBack() {
      chan.unreserve();
      chan.dropSender();
    }

    /** Dropped unused: give everything back. */
    @Override
    public void run() {
      if (take()) {
        giveBack();
      }
    }
  }

  private Chan<T> use() {
    if (!claim.take()) {
      throw new IllegalStateException("this Permit was already used (send or release)");
    }
    @SuppressWarnings("unchecked")
    Chan<T> chan = (Chan<T>) claim.chan;
    return chan;
  }

  @Override
  public void send(T value) {
    Objects.requireNonNull(value, "value");
    Chan<T> chan = use();
    if (chan.isRxClosed()) {
      chan.unreserve(); // the receiver is gone: the value is dropped
    } else {
      chan.push(value);
    }
    chan.dropSender();
    cleanable.clean(); // deregisters; the action finds the claim taken and does nothing
  }

  @Override
  public void release() {
    use();
    claim.giveBack();
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "Permit[" + (claim.used ? "used" : "unused") + "]";
  }
}
