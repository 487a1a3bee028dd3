package dev.weft.future;

import dev.weft.internal.Cancel;
import dev.weft.internal.Describe;
import dev.weft.internal.Failures;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.WakeSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@link Futures#joinAll} and {@link Futures#tryJoinAll} (and the two- and three-way forms):
 * polls every input within the one task, re-polling only the inputs that were woken.
 *
 * <p>join waits for all, then fails with the first failure in argument order, the others added
 * as suppressed. tryJoin ({@code failFast}) cancels every unfinished input at the first failure
 * and fails with it.
 */
final class JoinFuture<T> extends OnceFuture<List<T>> implements IntConsumer {
  private final Future<? extends T>[] inputs; // an entry is null once finished or cancelled
  private final Object[] values;
  private final WakeSet wakes;
  private final boolean failFast;
  private Throwable[] failures; // join: by argument index, made at the first failure
  private Throwable failFastError; // tryJoin: the first failure
  private int remaining;

  JoinFuture(Future<? extends T>[] inputs, boolean failFast) {
    this.inputs = inputs;
    this.values = new Object[inputs.length];
    this.wakes = new WakeSet(inputs.length);
    this.failFast = failFast;
    this.remaining = inputs.length;
  }

  @Override
  protected Poll<List<T>> pollOnce(Context cx) {
    wakes.register(cx.waker());
    wakes.drain(this);
    if (failFastError != null) {
      throw Cancel.allThenFail(failFastError, inputs);
    }
    if (remaining > 0) {
      return Poll.pending();
    }
    if (failures != null) {
      Throwable first = null;
      for (Throwable t : failures) {
        first = Failures.combine(first, t);
      }
      throw Failures.sneakyThrow(first);
    }
    @SuppressWarnings("unchecked")
    List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(values));
    return Poll.ready(list);
  }

  /** Polls input {@code i}, which was woken. */
  @Override
  public void accept(int i) {
    Future<? extends T> f = inputs[i];
    if (f == null || failFastError != null) {
      return;
    }
    try {
      Poll<? extends T> p = f.poll(wakes.context(i));
      if (p instanceof Poll.Ready<? extends T> r) {
        values[i] = r.value();
        inputs[i] = null;
        remaining--;
      }
    } catch (Throwable t) {
      inputs[i] = null;
      remaining--;
      if (failFast) {
        failFastError = t;
      } else {
        if (failures == null) {
          failures = new Throwable[inputs.length];
        }
        failures[i] = t;
      }
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
    return Describe.many((failFast ? "tryJoin(" : "join(") + inputs.length + ")", inputs);
  }
}
