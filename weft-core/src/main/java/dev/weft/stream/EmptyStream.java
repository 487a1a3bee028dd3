package dev.weft.stream;

import dev.weft.future.Context;

/** {@link Streams#empty}: ends at once. Stateless, so one instance serves every type. */
final class EmptyStream<T> extends BaseStream<T> implements FusedStream<T> {
  static final EmptyStream<?> INSTANCE = new EmptyStream<>();

  private EmptyStream() {}

  @Override
  Object pollRaw(Context cx) {
    return END;
  }

  @Override
  public boolean isTerminated() {
    return true;
  }
}
