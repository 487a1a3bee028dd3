/**
 * Time's machinery: the hierarchical {@link dev.weft.internal.time.TimerWheel}, its entries,
 * the clock seam ({@link dev.weft.internal.time.Clock}: real or paused) and {@link
 * dev.weft.internal.time.Timers}, the service a runtime offers to {@code dev.weft.time}.
 *
 * <p>Depends on the JDK, {@code dev.weft.future} and {@code dev.weft.internal} (the thread's
 * state, to find the runtime).
 */
package dev.weft.internal.time;
