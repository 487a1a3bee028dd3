package dev.weft.future;

/** Three values, in the order their futures were given to a three-way join. */
public record Tuple3<A, B, C>(A first, B second, C third) {}
