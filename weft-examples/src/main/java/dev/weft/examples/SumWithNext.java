package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.stream.Stream;
import dev.weft.stream.Streams;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Rust text's {@code sum_with_next}: {@code while let Some(item) = stream.next().await}.
 * Each {@code next()} is a new future of the next item, empty at the end of the stream.
 */
final class SumWithNext {
  private SumWithNext() {}

  static Future<Integer> sumWithNext(Stream<Integer> stream) {
    return async(() -> {
      int sum = 0;
      Optional<Integer> item;
      while ((item = stream.next().await()).isPresent()) {
        sum += item.get();
      }
      return sum;
    });
  }

  /** The numbers 1 to 5, each arriving a little later, as a channel's values would. */
  static Stream<Integer> numbers() {
    return Streams.fromIterable(List.of(1, 2, 3, 4, 5)).then(n -> Delays.after(Duration.ofMillis(10), n));
  }

  static void run() {
    System.out.println("sum of 1..5: " + Futures.blockOn(sumWithNext(numbers())));
  }

  public static void main(String[] args) {
    run();
  }
}
