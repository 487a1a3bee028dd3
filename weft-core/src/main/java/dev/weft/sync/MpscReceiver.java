package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Cleaners;
import dev.weft.internal.Failures;
import java.lang.ref.Cleaner;
import java.util.Optional;

/**
 * The receiver handle of an mpsc channel; its stream view is itself. Its cleaner action closes
 * the channel if the handle becomes unreachable without {@link #close()}; pending
 * {@link #recv()} futures hold the handle, so it cannot become unreachable while one waits.
 */
final class MpscReceiver<T> implements Receiver<T> {
  final Chan<T> chan;
  private final Cleaner.Cleanable cleanable;

  MpscReceiver(Chan<T> chan) {
    this.chan = chan;
    this.cleanable = Cleaners.CLEANER.register(this, new Drop(chan));
  }

  /** The cleaning action: must not reference the handle. */
  private record Drop(Chan<?> chan) implements Runnable {
    @Override
    public void run() {
      chan.closeRx();
    }
  }

  @Override
  public Future<Optional<T>> recv() {
    return new RecvFuture<>(this);
  }

  @Override
  public Optional<T> tryRecv() {
    return chan.tryRecv();
  }

  @Override
  public Poll<Optional<T>> pollNext(Context cx) {
    return chan.pollRecv(cx);
  }

  @Override
  public void close() {
    cleanable.clean(); // closes the channel at most once
  }

  @Override
  public void cancel() {
    close();
  }

  @Override
  public String toString() {
    return "Receiver[" + (chan.isRxClosed() ? "closed" : "open") + "]";
  }

  /**
   * {@link Receiver#recv()}: a value is taken out of the channel only in the poll that returns
   * it, so cancelling is free (cancel safety).
   */
  static final class RecvFuture<T> implements Future<Optional<T>> {
    private final MpscReceiver<T> receiver; // keeps the receiver reachable while it waits
    private boolean done;

    RecvFuture(MpscReceiver<T> receiver) {
      this.receiver = receiver;
    }

    @Override
    public String describe() {
      return "recv(mpsc)";
    }

    @Override
    public Poll<Optional<T>> poll(Context cx) {
      if (done) {
        throw Failures.polledAfterCompletion(this);
      }
      Poll<Optional<T>> p = receiver.chan.pollRecv(cx);
      if (p.isReady()) {
        done = true;
      }
      return p;
    }

    @Override
    public void cancel() {
      done = true; // nothing was consumed; nothing to give back
    }
  }
}
