package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Result;
import dev.weft.stream.Stream;
import dev.weft.stream.Streams;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Rust text's {@code sum_with_try_next}: a stream of {@code Result<i32, io::Error>} summed
 * with {@code while let Some(item) = stream.try_next().await?}.
 *
 * <p>In weft a stream's item that failed is the stream failing: its {@code pollNext} throws the
 * {@link IOException}. {@code next().await()} throws it (inside a {@code CompletionException},
 * as it is checked), the loop stops there, and the async block fails with the original
 * {@code IOException}: the {@code ?} of the Rust text, with no code for it.
 */
final class SumWithTryNext {
  private SumWithTryNext() {}

  static Future<Integer> sumWithTryNext(Stream<Integer> stream) {
    return async(() -> {
      int sum = 0;
      Optional<Integer> item;
      while ((item = stream.next().await()).isPresent()) {
        sum += item.get();
        System.out.println("  added " + item.get() + ", sum so far " + sum);
      }
      return sum;
    });
  }

  /** Readings 1 to 5, each arriving a little later; reading number {@code failAt} fails (0: none). */
  static Stream<Integer> readings(int failAt) {
    return Streams.fromIterable(List.of(1, 2, 3, 4, 5)).then(n -> n == failAt
        ? Futures.<Integer>failed(new IOException("reading " + n + " failed"))
        : Delays.after(Duration.ofMillis(10), n));
  }

  static void run() {
    for (int failAt : new int[] {0, 3}) {
      System.out.println(failAt == 0 ? "every reading succeeds:" : "reading " + failAt + " fails:");
      Result<Integer> result = Futures.blockOn(sumWithTryNext(readings(failAt)).result());
      switch (result) {
        case Result.Ok<Integer> ok -> System.out.println("Ok(" + ok.value() + ")");
        case Result.Err<Integer> err -> System.out.println("Err(" + err.error() + ")");
      }
    }
  }

  public static void main(String[] args) {
    run();
  }
}
