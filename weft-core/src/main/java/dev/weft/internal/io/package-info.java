/**
 * The I/O driver's machinery, under the runtimes' park step: {@link
 * dev.weft.internal.io.SelectorLoop} (one {@code java.nio.channels.Selector} and the thread that
 * waits in it, its wake-up and close rules), {@link dev.weft.internal.io.IoRegistration} (one
 * channel's readiness, its wakers and the tick that keeps a readiness from being cleared after a
 * newer event) and {@link dev.weft.internal.io.IdleSpin} (whether the selecting thread polls
 * before it blocks). The runtime ({@code dev.weft.runtime}) drives it; {@code dev.weft.net}
 * registers its channels with it.
 *
 * <p>May depend on {@code java.base}, {@code dev.weft.future} (the {@code Context} and {@code
 * Waker} of a poll) and {@code dev.weft.internal.jfr} (selector-turn events); nothing else of
 * weft, so that the runtime and the socket types can both use it.
 */
package dev.weft.internal.io;
