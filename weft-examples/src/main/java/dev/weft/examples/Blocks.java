package dev.weft.examples;

import static dev.weft.future.Async.asyncRun;

import dev.weft.future.Future;
import dev.weft.future.Futures;

/**
 * The Rust text's {@code blocks}: two async blocks that both use {@code my_string}, run
 * concurrently with {@code join!}, printing "foo" twice.
 */
final class Blocks {
  private Blocks() {}

  static Future<Void> blocks() {
    String myString = "foo";
    Future<Void> futureOne = asyncRun(() -> System.out.println("future_one: " + myString));
    Future<Void> futureTwo = asyncRun(() -> System.out.println("future_two: " + myString));
    return Futures.join(futureOne, futureTwo).map(both -> null);
  }

  static void run() {
    Futures.blockOn(blocks());
  }

  public static void main(String[] args) {
    run();
  }
}
