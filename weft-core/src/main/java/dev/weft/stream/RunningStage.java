package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.internal.Cancel;
import java.util.Objects;
import java.util.function.Function;

/**
 * The common part of {@link BufferedStream} and {@link BufferUnorderedStream} (and so of
 * {@code forEachConcurrent}): futures made from the input's items run together in a
 * {@link FuturesUnordered}, at most {@code limit} counted at a time.
 */
abstract class RunningStage<T, U> extends StageStream<T, U> {
  final int limit;
  final FuturesUnordered<U> running = new FuturesUnordered<>();
  private final Function<? super T, ? extends Future<U>> f;
  private final String name;
  boolean inputDone;
  private long started; // futures made so far: the tag of the next one

  RunningStage(BaseStream<T> up, int limit, Function<? super T, ? extends Future<U>> f, String name) {
    super(up);
    this.limit = limit;
    this.f = f;
    this.name = name;
  }

  /** How many futures count toward the limit now. */
  abstract long inFlight();

  /**
   * Polls the input while there is room, starting a future for each item (tagged with its index
   * in the input). Returns when the room is used up, or the input is pending (its waker is then
   * registered) or ended.
   */
  final void fill(Context cx) {
    while (!inputDone && inFlight() < limit) {
      Object o = up.pollRaw(cx);
      if (o == PENDING) {
        return;
      }
      if (o == END) {
        inputDone = true;
        return;
      }
      Future<U> fut = Objects.requireNonNull(f.apply(item(o)), () -> name + ": f returned null instead of a future");
      running.push(fut, started++);
    }
  }

  /** Started futures so far (the tag the next one gets). */
  final long started() {
    return started;
  }

  @Override
  public void cancel() {
    Cancel.all(running, up);
  }
}
