/**
 * Run-time support of woven async blocks: {@link dev.weft.internal.woven.WovenBlock} is the base
 * class of the state machines that weft's build-time weaver makes from the lambdas passed to
 * {@code Async.async} and {@code asyncRun}. Nothing here needs a JVM flag.
 *
 * <p>Depends on the JDK, {@code dev.weft.future}'s public types and {@code dev.weft.internal}.
 */
package dev.weft.internal.woven;
