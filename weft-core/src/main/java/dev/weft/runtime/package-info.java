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
 * <h2>Seeing inside a running runtime</h2>
 * {@link dev.weft.runtime.AsyncRuntime#dump()} returns a {@link dev.weft.runtime.TaskDump}: every
 * live task with its state, age, poll count, pinning, and what it waits for (the stack of an
 * async block suspended in {@code await()}, the chain of a poll-based future's combinators from
 * {@link dev.weft.future.Future#describe()}). Name a task with {@code spawn(name, future)}.
 * A watchdog reports polls that hold a thread past the slow-poll threshold (a blocking call in a
 * task) through {@link System.Logger} {@code dev.weft.runtime}, and counts them in the metrics;
 * see {@link dev.weft.runtime.AsyncRuntime.Builder#slowPollThreshold}.
 *
 * <p>From outside the process, each open runtime is an MXBean,
 * {@code dev.weft:type=AsyncRuntime,name=PREFIX}: its {@link dev.weft.runtime.RuntimeMetrics} as
 * attributes, and the operations {@code dumpTasks} and {@code dumpTasksJson}. jconsole shows it
 * ({@code jconsole PID}, the MBeans tab); the repository's {@code docs/DumpTasks.java} prints
 * every runtime's dump of a running JVM ({@code java DumpTasks.java PID}). Flight Recorder
 * records the events {@code dev.weft.TaskSpawned}, {@code TaskFinished}, {@code SlowPoll},
 * {@code WorkerPark}, {@code WorkerUnpark} and {@code SelectorTurn}; the repository's
 * {@code docs/weft.jfc} holds settings for them.
 *
 * <p>Depends on {@code dev.weft.future} and {@code dev.weft.internal}. The schedulers' internals
 * (tasks, queues, workers, drivers, the watchdog) are package-private here.
 */
package dev.weft.runtime;
