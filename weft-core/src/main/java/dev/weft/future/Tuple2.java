package dev.weft.future;

/** Two values, in the order their futures were given to {@link Futures#join(Future, Future)}. */
public record Tuple2<A, B>(A first, B second) {}
