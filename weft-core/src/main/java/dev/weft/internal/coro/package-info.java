/**
 * The coroutine engine behind async blocks: {@link dev.weft.internal.coro.Continuations} is the
 * only class in weft that touches {@code jdk.internal.vm.Continuation}, and
 * {@link dev.weft.internal.coro.AsyncBlock} is the future an async block is.
 *
 * <p>Depends on the JDK, {@code dev.weft.future}'s public types and {@code dev.weft.internal}.
 */
package dev.weft.internal.coro;
