package dev.weft.runtime;

import dev.weft.future.Future;
import java.util.concurrent.CompletableFuture;

/**
 * The handle of a spawned task: a future of the task's output (tokio's {@code JoinHandle}).
 *
 * <p>Awaiting it gives the task's value, or throws what the task threw (as {@code await()}
 * does), or {@link java.util.concurrent.CancellationException} if the task was aborted. Awaiting
 * it a second time after that throws {@link IllegalStateException}.
 *
 * <p>{@link #cancel()} on a handle stops <em>waiting</em> only: the task keeps running, detached,
 * as when a {@code JoinHandle} is dropped in tokio. To stop the task, {@link #abort()} it.
 *
 * <h2>A failure nobody reads is reported</h2>
 * A task's failure is never lost silently. If nobody will read it, the runtime logs it through
 * {@link System.Logger} (logger {@code dev.weft.runtime}, level WARNING) and counts it in
 * {@link RuntimeMetrics#unhandledFailures()}, exactly once:
 * <ul>
 *   <li>a detached task (its handle {@link #cancel() cancelled}): when it fails, or at the detach
 *       if it had failed already;
 *   <li>a fire-and-forget task ({@code rt.spawn(f);} with the handle ignored): when its handle is
 *       garbage-collected without its output having been read, as Python's asyncio reports a
 *       task "exception was never retrieved". The report comes at some collection after the
 *       failure, not at once; hold the handle and await it, or detach it with
 *       {@link #cancel()}, to be told at once.
 * </ul>
 * A failure that was read (the handle awaited, {@code joinNext} of a {@code JoinSet}) or handed
 * on ({@link #toCompletableFuture()}) is not reported; an abort is not a failure.
 *
 * @param <T> the type of the task's value
 */
public interface JoinHandle<T> extends Future<T> {

  /**
   * Cancels the task: thread-safe and asynchronous. The task's future is cancelled on a thread
   * of the runtime (an async block's {@code finally} blocks run there), and awaiting the handle
   * then fails with {@link java.util.concurrent.CancellationException}. No effect on a finished
   * task, nor on a blocking task that has started.
   */
  void abort();

  /**
   * True once the task has finished: with a value, a failure, or by being aborted.
   *
   * @return true once the task is complete
   */
  boolean isFinished();

  /**
   * A number that identifies the task among all tasks of this JVM.
   *
   * @return the task's id, unique in this JVM
   */
  long id();

  /**
   * The task as a {@link CompletableFuture}, for code that speaks the JDK's language: completes
   * with the task's value, exceptionally with its original failure, and is cancelled if the
   * task is aborted; cancelling it aborts the task. The same instance on every call.
   *
   * @return the task's {@code CompletableFuture} view
   */
  CompletableFuture<T> toCompletableFuture();
}
