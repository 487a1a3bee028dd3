/**
 * weft's JDK Flight Recorder events ({@code dev.weft.*} in a recording): task spawned and
 * finished, slow polls, worker park and unpark, selector turns. Their use is guarded by
 * {@link dev.weft.internal.jfr.Jfr#AVAILABLE}, since {@code jdk.jfr} is an optional dependency
 * of the module; the call sites are in the runtime and the I/O driver. {@code docs/weft.jfc}
 * holds the settings to record them with.
 */
package dev.weft.internal.jfr;
