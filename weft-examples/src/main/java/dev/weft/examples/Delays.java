package dev.weft.examples;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Stand-ins for slow work (a download, a query) that the examples wait for. */
final class Delays {
  private Delays() {}

  /**
   * A lazy future ready with {@code value} after {@code delay}. It waits on a JDK timer thread
   * through {@link Futures#fromCompletionStage}, so it works under {@code Futures.blockOn}, which
   * has no timers of its own.
   */
  static <T> Future<T> after(Duration delay, T value) {
    return Futures.lazy(() -> CompletableFuture.supplyAsync(
            () -> value,
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)))
        .then(Futures::fromCompletionStage);
  }
}
