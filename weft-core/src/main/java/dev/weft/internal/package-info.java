/**
 * The library's private machinery: per-thread state, failure shaping, the cooperative budget,
 * wake-up queues, and (in sub-packages) the coroutine engine and the runtimes' internals.
 *
 * <p>Not exported by the {@code dev.weft} module; nothing here is API. Classes here may depend
 * on the JDK and on {@code dev.weft.future}'s public types, never on the other public packages.
 */
package dev.weft.internal;
