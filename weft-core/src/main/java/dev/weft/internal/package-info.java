/**
 * The library's private machinery: per-thread state, failure shaping, how combinators cancel
 * what they own ({@link dev.weft.internal.Cancel}) and where a failure no outcome can carry is
 * reported ({@link dev.weft.internal.UnhandledFailures}), the cooperative budget, wake-up
 * queues, and (in sub-packages) the coroutine engine, time's machinery, the I/O driver's
 * selector loop and the Flight Recorder events. The schedulers are
 * package-private in {@code dev.weft.runtime}; docs/ARCHITECTURE.md maps it all.
 *
 * <p>Not exported by the {@code dev.weft} module; nothing here is API. Classes here may depend
 * on the JDK and on the public types of {@code dev.weft.future} and {@code dev.weft.stream},
 * never on sync, time or runtime (those build on the internals, not the other way round).
 */
package dev.weft.internal;
