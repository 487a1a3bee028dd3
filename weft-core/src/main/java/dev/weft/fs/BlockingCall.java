package dev.weft.fs;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;
import dev.weft.runtime.JoinHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A future of one blocking call run on the runtime's blocking pool, as {@code tokio::fs}'s
 * {@code asyncify}: nothing runs before the first poll, which hands the call to the pool; the
 * future is ready with what the call returned, or fails with what it threw (an
 * {@link java.io.IOException} inside an {@link java.io.UncheckedIOException}).
 *
 * <p>A cancel cannot stop a call that has started. What it does depends on the call:
 * <ul>
 *   <li>{@link Cancelled#ABORTS}: a call not yet started never runs (a read: nothing to lose);
 *   <li>{@link Cancelled#RUNS_ANYWAY}: the call runs to its end regardless (a write: a cancelled
 *       write still happens, as in tokio, so its outcome does not depend on when it was
 *       cancelled).
 * </ul>
 * A value that the call returns after the cancel goes to {@code discard} (an opened channel is
 * closed there), never to nobody.
 */
final class BlockingCall<T> extends OnceFuture<T> {

  /** What a cancel does to a call that has not started yet. */
  enum Cancelled { ABORTS, RUNS_ANYWAY }

  private static final int RUNNING = 0;   // the call has not returned, the future still waits
  private static final int RETURNED = 1;  // the call returned its outcome into `returned`
  private static final int CANCELLED = 2; // the future was cancelled first: the call discards

  private final String what;
  private final Callable<T> body;
  private final Cancelled onCancel;
  private final Consumer<? super T> discard; // or null: the value needs no clean-up
  private final BlockingSpawner spawner;
  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private volatile Outcome<T> returned;
  private JoinHandle<Outcome<T>> handle;

  BlockingCall(String what, Callable<T> body, Cancelled onCancel, Consumer<? super T> discard,
      BlockingSpawner spawner) {
    this.what = what;
    this.body = body;
    this.onCancel = onCancel;
    this.discard = discard;
    this.spawner = spawner;
  }

  BlockingCall(String what, Callable<T> body, Cancelled onCancel) {
    this(what, body, onCancel, null, BlockingSpawner.RUNTIME);
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    if (handle == null) {
      handle = spawner.spawn(what, this::call);
    }
    Poll<Outcome<T>> p = handle.poll(cx);
    if (!p.isReady()) {
      return Poll.pending();
    }
    return Poll.ready(p.value().get());
  }

  /** Runs on the blocking pool. */
  private Outcome<T> call() {
    Outcome<T> o;
    try {
      o = Outcome.capturing(body).call();
    } catch (Exception impossible) { // capturing returns every Exception as an outcome
      throw new AssertionError(impossible);
    }
    if (discard == null) {
      return o;
    }
    returned = o;
    if (!state.compareAndSet(RUNNING, RETURNED) && o.failure() == null) {
      discard.accept(o.value()); // cancelled while it ran: nobody will take the value
    }
    return o;
  }

  @Override
  public void cancel() {
    if (isCompleted()) {
      return;
    }
    markCompleted();
    if (handle == null) {
      return; // never polled: nothing was handed to the pool
    }
    if (onCancel == Cancelled.ABORTS) {
      handle.abort();
    }
    handle.cancel(); // stop waiting; the call returns an outcome instead of failing, see Outcome
    if (discard != null && !state.compareAndSet(RUNNING, CANCELLED)) {
      Outcome<T> o = returned; // returned before the cancel, but not taken
      if (o.failure() == null) {
        discard.accept(o.value());
      }
    }
  }

  @Override
  public String toString() {
    return what;
  }
}
