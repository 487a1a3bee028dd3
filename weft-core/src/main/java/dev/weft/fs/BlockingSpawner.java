package dev.weft.fs;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import java.util.concurrent.Callable;

/**
 * How this package hands a blocking call to a runtime's blocking pool, as {@code tokio::fs} does
 * with {@code spawn_blocking}. The one place that knows a file operation needs a runtime; a seam
 * that tests replace to hold a job in flight for as long as they need.
 */
interface BlockingSpawner {

  /** The runtime's blocking pool ({@link Task#spawnBlocking}). */
  BlockingSpawner RUNTIME = new BlockingSpawner() {
    @Override
    public <T> JoinHandle<T> spawn(String what, Callable<T> body) {
      requireRuntime(what);
      return Task.spawnBlocking(body);
    }
  };

  /**
   * Runs {@code body} on the blocking pool of the runtime the caller is in.
   *
   * @param what the operation, for the message if there is no runtime ({@code "AsyncFile.read"})
   * @throws IllegalStateException outside a runtime, or after the runtime closed
   */
  <T> JoinHandle<T> spawn(String what, Callable<T> body);

  /** Throws unless the caller runs in a runtime: a file operation is polled only there. */
  static void requireRuntime(String what) {
    if (AsyncRuntime.current().isEmpty()) {
      throw new IllegalStateException(what + " needs a runtime: it was polled where there is none"
          + " (Futures.blockOn has no blocking pool for file work). Run it inside"
          + " AsyncRuntime.blockOn or a task");
    }
  }
}
