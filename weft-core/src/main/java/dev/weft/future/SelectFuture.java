package dev.weft.future;

import dev.weft.internal.Describe;
import dev.weft.internal.OnceFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** The future of a {@link Select}; see there for the rules. */
final class SelectFuture<R> extends OnceFuture<R> {
  private final Select.Branch<Object, R>[] branches;
  private final Supplier<? extends R> complete;
  private final Supplier<? extends R> otherwise;
  private final boolean biased;
  private boolean polledBefore;

  SelectFuture(
      Select.Branch<Object, R>[] branches,
      Supplier<? extends R> complete,
      Supplier<? extends R> otherwise,
      boolean biased) {
    this.branches = branches;
    this.complete = complete;
    this.otherwise = otherwise;
    this.biased = biased;
  }

  @Override
  protected Poll<R> pollOnce(Context cx) {
    int n = branches.length;
    int start = biased || n < 2 ? 0 : ThreadLocalRandom.current().nextInt(n);
    boolean anyLive = false;
    for (int k = 0; k < n; k++) {
      int i = start + k;
      Select.Branch<Object, R> b = branches[i < n ? i : i - n];
      if (b.future().isTerminated()) {
        continue;
      }
      anyLive = true;
      Poll<Object> p = b.future().poll(cx);
      if (p instanceof Poll.Ready<Object> r) {
        return Poll.ready(b.handler().apply(r.value()));
      }
    }
    boolean first = !polledBefore;
    polledBefore = true;
    if (!anyLive) {
      if (complete != null) {
        return Poll.ready(complete.get());
      }
      if (otherwise != null) {
        return Poll.ready(otherwise.get());
      }
      throw new IllegalStateException(
          "select: every branch is terminated and there is no complete() or otherwise() handler");
    }
    if (first && otherwise != null) {
      return Poll.ready(otherwise.get());
    }
    return Poll.pending();
  }

  @Override
  public String describe() {
    Future<?>[] arms = new Future<?>[branches.length];
    for (int i = 0; i < arms.length; i++) {
      arms[i] = branches[i].future().isTerminated() ? null : branches[i].future();
    }
    return Describe.many((biased ? "select biased(" : "select(") + arms.length + ")", arms);
  }
}
