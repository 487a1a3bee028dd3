package dev.weft.future;

import dev.weft.internal.Cancel;
import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.WakeSet;
import java.util.function.IntConsumer;

/**
 * {@link Futures#race} and {@link Futures#selectOk}: the first input to finish wins and the
 * others are cancelled. For race a failure finishes too; for selectOk ({@code okOnly}) only a
 * value does, and when every input failed the last failure is the result.
 */
final class RaceFuture<T> extends OnceFuture<T> implements IntConsumer {
  private final Future<? extends T>[] inputs; // an entry is null once finished or cancelled
  private final WakeSet wakes;
  private final boolean okOnly;
  private int remaining;
  private boolean won;
  private T value;
  private Throwable failure; // race: the winning failure; selectOk: the latest failure

  RaceFuture(Future<? extends T>[] inputs, boolean okOnly) {
    this.inputs = inputs;
    this.wakes = new WakeSet(inputs.length);
    this.okOnly = okOnly;
    this.remaining = inputs.length;
  }

  @Override
  protected Poll<T> pollOnce(Context cx) {
    wakes.register(cx.waker());
    wakes.drain(this);
    if (won) {
      // The value may be gone from where it came (a message taken from a channel): a loser's
      // failing cleanup must not replace it (Cancel rule 2).
      Cancel.allKeepingOutcome(okOnly ? "selectOk: cancelling a losing input"
          : "race: cancelling a losing input", inputs);
      T v = value;
      value = null;
      return Poll.ready(v);
    }
    if (failure != null && (!okOnly || remaining == 0)) {
      throw Cancel.allThenFail(failure, inputs);
    }
    return Poll.pending();
  }

  /** Polls input {@code i}, which was woken, unless the race is already decided. */
  @Override
  public void accept(int i) {
    Future<? extends T> f = inputs[i];
    if (f == null || won || (failure != null && !okOnly)) {
      return;
    }
    try {
      Poll<? extends T> p = f.poll(wakes.context(i));
      if (p instanceof Poll.Ready<? extends T> r) {
        inputs[i] = null;
        won = true;
        value = r.value();
      }
    } catch (Throwable t) {
      inputs[i] = null;
      remaining--;
      failure = t;
    }
  }

  @Override
  public void cancel() {
    if (!isCompleted()) {
      markCompleted();
      Cancel.all(inputs);
    }
  }

  @Override
  public String describe() {
    return Describe.many((okOnly ? "selectOk(" : "race(") + inputs.length + ")", inputs);
  }
}
