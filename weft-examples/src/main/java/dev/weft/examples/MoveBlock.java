package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Futures;

/**
 * The Rust text's {@code move_block}: an {@code async move} block takes ownership of
 * {@code my_string}, so the future can outlive the function that made it. A Java lambda captures
 * the reference the same way; the string lives as long as the future does.
 */
final class MoveBlock {
  private MoveBlock() {}

  static Future<Void> moveBlock() {
    String myString = "foo";
    return async(() -> {
      System.out.println("the block owns my_string: " + myString);
      return null;
    });
  }

  static void run() {
    Future<Void> f = moveBlock(); // moveBlock has returned; nothing has printed yet (lazy)
    System.out.println("moveBlock() returned; now awaiting the future it made");
    Futures.blockOn(f);
  }

  public static void main(String[] args) {
    run();
  }
}
