package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;
import java.util.Optional;

/**
 * TEMPORARY minimal stand-in for the real {@code dev.weft.stream.Stream} (built on another
 * branch), so that the channel receivers of {@code dev.weft.sync} compile and can be tested. It
 * holds exactly the members the receivers rely on; drop this commit at merge time.
 *
 * @param <T> the type of the items
 */
public interface Stream<T> {

  /** Ready with the next item, ready(empty) at the end, or pending; throws to fail. */
  Poll<Optional<T>> pollNext(Context cx);

  /** Stops the stream and releases what it holds. */
  default void cancel() {}

  /** A new future of the next item (empty at the end) on each call. */
  default Future<Optional<T>> next() {
    return new OnceFuture<>() {
      @Override
      protected Poll<Optional<T>> pollOnce(Context cx) {
        return pollNext(cx);
      }
    };
  }
}
