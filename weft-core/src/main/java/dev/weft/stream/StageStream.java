package dev.weft.stream;

/**
 * A combinator with one input stream that it owns: cancelling the combinator cancels the input.
 * Subclasses that hold more (an inner future or stream) cancel that too.
 */
abstract class StageStream<T, U> extends BaseStream<U> {
  final BaseStream<T> up;

  StageStream(BaseStream<T> up) {
    this.up = up;
  }

  @Override
  public void cancel() {
    up.cancel();
  }
}
