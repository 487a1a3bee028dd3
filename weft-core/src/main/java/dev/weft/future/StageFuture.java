package dev.weft.future;

import dev.weft.internal.Failures;
import dev.weft.internal.OnceFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@link Futures#fromCompletionStage}: waits for a JDK stage without blocking a thread.
 *
 * <p>The first poll attaches one completion callback; each poll stores the current waker, then
 * re-reads the outcome, and the callback publishes the outcome, then reads the waker (both
 * volatile), so one of the two always sees the other.
 */
final class StageFuture<T> extends OnceFuture<T> {
  private final CompletionStage<T> stage;
  private boolean attached;
  private volatile Waker waker;
  private volatile boolean done;
  private T value;          // published by the write of done
  private Throwable failure; // likewise

  StageFuture(CompletionStage<T> stage) {
    this.stage = stage;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    waker = cx.waker();
    if (!attached) {
      attached = true;
      stage.whenComplete(this::complete);
    }
    if (!done) {
      return Poll.pending();
    }
    if (failure != null) {
      throw Failures.sneakyThrow(failure);
    }
    return Poll.ready(value);
  }

  private void complete(T v, Throwable e) {
    if (e != null) {
      failure = unwrap(e);
    } else {
      value = v;
    }
    done = true;
    Waker w = waker;
    if (w != null) {
      w.wake();
    }
  }

  private static Throwable unwrap(Throwable e) {
    // Dependent stages report their source's failure (and cancellation) inside a
    // CompletionException; the user wants the original.
    if (e instanceof CompletionException && e.getCause() != null) {
      return e.getCause();
    }
    return e;
  }

  @Override
  public void cancel() {
    if (!isCompleted()) {
      markCompleted();
      try {
        stage.toCompletableFuture().cancel(false);
      } catch (UnsupportedOperationException notBacked) {
        // a stage that is not a CompletableFuture cannot be cancelled from here, as
        // Futures.fromCompletionStage says
      }
    }
  }
}
