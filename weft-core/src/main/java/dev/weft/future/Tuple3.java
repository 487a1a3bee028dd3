package dev.weft.future;

/**
 * Three values, in the order their futures were given to a three-way join.
 *
 * @param <A> the type of the first value
 * @param <B> the type of the second value
 * @param <C> the type of the third value
 * @param first the value of the first future
 * @param second the value of the second future
 * @param third the value of the third future
 */
public record Tuple3<A, B, C>(A first, B second, C third) {}
