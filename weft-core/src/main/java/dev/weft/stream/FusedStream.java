package dev.weft.stream;

/**
 * A stream that may be polled after its end: it then keeps giving the end (ready with
 * {@link java.util.Optional#empty()}), so {@link #next()} keeps giving empty. futures-rs's
 * {@code FusedStream}; made by {@link Stream#fuse()}.
 *
 * @param <T> the type of the items
 */
public interface FusedStream<T> extends Stream<T> {
  /**
   * True once the stream ended (or failed, or was cancelled); polls then give the end.
   *
   * @return true once the stream ended, failed or was cancelled
   */
  boolean isTerminated();
}
