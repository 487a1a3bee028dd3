/**
 * Runtimes: the executors that poll tasks. {@link dev.weft.runtime.AsyncRuntime} is the runtime
 * you choose (one thread, like an event loop, or a work-stealing pool), {@link
 * dev.weft.runtime.Task} spawns from inside one, {@link dev.weft.runtime.JoinHandle} awaits or
 * aborts a task, {@link dev.weft.runtime.JoinSet} joins many in completion order, and {@link
 * dev.weft.runtime.RuntimeMetrics} shows what a runtime does.
 *
 * <pre>{@code
 * try (AsyncRuntime rt = AsyncRuntime.multiThread()) {
 *   rt.blockOn(async(() -> {
 *     JoinHandle<String> h = Task.spawn(async(() -> fetch("a")));
 *     return h.await();
 *   }));
 * }
 * }</pre>
 *
 * <p>Depends on {@code dev.weft.future} and {@code dev.weft.internal}. The schedulers' internals
 * (tasks, queues, workers, drivers) are package-private here.
 */
package dev.weft.runtime;
