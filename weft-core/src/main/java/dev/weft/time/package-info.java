/**
 * Time: {@link dev.weft.time.Time#sleep sleep}, {@link dev.weft.time.Time#timeout timeout},
 * intervals and the runtime clock, on each runtime's hierarchical timer wheel; a paused clock
 * for deterministic tests.
 *
 * <pre>{@code
 * try (AsyncRuntime rt = AsyncRuntime.builder().startPaused(true).build()) {
 *   rt.blockOn(async(() -> {
 *     Time.timeout(Duration.ofHours(1), never).result().await();  // returns at once: the clock jumps
 *     return null;
 *   }));
 * }
 * }</pre>
 *
 * <p>Depends on {@code dev.weft.future}, {@code dev.weft.stream} and {@code dev.weft.internal};
 * the driver that fires timers lives in the runtime.
 */
package dev.weft.time;
