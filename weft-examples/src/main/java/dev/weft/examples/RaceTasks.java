package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.FusedFuture;
import dev.weft.future.Select;
import java.time.Duration;

/**
 * The Rust text's {@code race_tasks}: {@code select!} over two fused futures. The first to
 * complete runs its branch. The other future is not cancelled by the select (it belongs to the
 * caller, who could select on it again); {@link Futures#race} is the form that cancels the loser.
 */
final class RaceTasks {
  private RaceTasks() {}

  static Future<Void> taskOne() {
    return async(() -> Delays.after(Duration.ofMillis(50), (Void) null).await());
  }

  static Future<Void> taskTwo() {
    return async(() -> Delays.after(Duration.ofMillis(150), (Void) null).await());
  }

  static Future<String> raceTasks() {
    FusedFuture<Void> t1 = taskOne().fuse();
    FusedFuture<Void> t2 = taskTwo().fuse();
    return Select.<String>create()
        .on(t1, v -> "task one completed first")
        .on(t2, v -> "task two completed first")
        .future();
  }

  static void run() {
    System.out.println(Futures.blockOn(raceTasks()));
  }

  public static void main(String[] args) {
    run();
  }
}
