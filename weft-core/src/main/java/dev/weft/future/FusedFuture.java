package dev.weft.future;

/**
 * A future that may be polled after it completed: it then stays pending. This is what
 * {@link Select} needs to poll the same futures in a loop (futures-rs's {@code FusedFuture}).
 *
 * @param <T> the type of the value
 */
public interface FusedFuture<T> extends Future<T> {
  /**
   * True once the future gave its value or its failure (or was cancelled); polls then stay pending.
   *
   * @return true once the future completed or was cancelled
   */
  boolean isTerminated();
}
