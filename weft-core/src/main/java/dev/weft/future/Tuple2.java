package dev.weft.future;

/**
 * Two values, in the order their futures were given to {@link Futures#join(Future, Future)}.
 *
 * @param <A> the type of the first value
 * @param <B> the type of the second value
 * @param first the value of the first future
 * @param second the value of the second future
 */
public record Tuple2<A, B>(A first, B second) {}
