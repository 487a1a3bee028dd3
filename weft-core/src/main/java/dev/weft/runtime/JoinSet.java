package dev.weft.runtime;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Result;
import dev.weft.future.Waker;
import dev.weft.internal.OnceFuture;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A set of spawned tasks, joined in the order they finish (tokio's {@code JoinSet}).
 *
 * <pre>{@code
 * try (JoinSet<Integer> set = new JoinSet<>()) {
 *   for (int i = 0; i < 10; i++) {
 *     int n = i;
 *     set.spawn(async(() -> work(n)));
 *   }
 *   Optional<Result<Integer>> next;
 *   while ((next = set.joinNext().await()).isPresent()) {
 *     System.out.println(next.get().get());
 *   }
 * }
 * }</pre>
 *
 * <p>A set belongs to one task at a time (it is not thread-safe); its tasks run anywhere. Tasks
 * stay in the set until joined; {@link #close()} aborts those still in it.
 *
 * @param <T> the type of the tasks' values
 */
public final class JoinSet<T> implements AutoCloseable {
  private final Set<RawTask<T>> tasks = new HashSet<>();            // owner only: not yet joined
  private final ConcurrentLinkedQueue<RawTask<?>> finished = new ConcurrentLinkedQueue<>();
  private final RawTask.Listener listener = this::onCompleted;
  private volatile Waker joiner;
  private boolean closed;

  /** An empty set. */
  public JoinSet() {}

  /**
   * Spawns {@code f} on the current runtime as a member of this set.
   *
   * @param f the task's future
   * @return the task's handle (the set joins the task; the handle may abort it)
   * @throws IllegalStateException outside a runtime, after the runtime closed, or after this
   *     set was closed
   */
  public JoinHandle<T> spawn(Future<T> f) {
    Objects.requireNonNull(f, "f");
    return spawnOn(Task.currentRuntime("JoinSet.spawn"), f);
  }

  /**
   * Spawns {@code f} on {@code runtime} as a member of this set (for use outside a runtime).
   *
   * @param runtime the runtime the task runs on
   * @param f the task's future
   * @return the task's handle (the set joins the task; the handle may abort it)
   */
  public JoinHandle<T> spawnOn(AsyncRuntime runtime, Future<T> f) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(f, "f");
    if (closed) {
      throw new IllegalStateException("spawn on a JoinSet after close()");
    }
    RawTask<T> task = runtime.newTask(f);
    task.setListener(listener);
    tasks.add(task);
    task.scheduler.submit(task);
    return task;
  }

  private void onCompleted(RawTask<?> task) {
    finished.add(task);
    Waker w = joiner;
    if (w != null) {
      w.wake();
    }
  }

  /**
   * The next task to finish, as its outcome: {@code Ok} with its value, {@code Err} with its
   * failure ({@link java.util.concurrent.CancellationException} for an aborted task); empty when
   * the set is empty. A new future on each call.
   *
   * <p><b>Cancel safety:</b> cancelling the returned future before it completed removes nothing
   * from the set.
   *
   * @return a future of the next outcome, or of empty
   */
  public Future<Optional<Result<T>>> joinNext() {
    return new JoinNext();
  }

  /**
   * Tasks in the set: spawned and not yet joined.
   *
   * @return the number of tasks in the set
   */
  public int size() {
    return tasks.size();
  }

  /**
   * Whether the set holds no task.
   *
   * @return true if {@link #size()} is 0
   */
  public boolean isEmpty() {
    return tasks.isEmpty();
  }

  /** Aborts every task in the set; they stay in it until joined (as cancelled). */
  public void abortAll() {
    for (RawTask<T> t : tasks) {
      t.abort();
    }
  }

  /** Aborts every task still in the set and empties it; spawning afterwards is refused. */
  @Override
  public void close() {
    closed = true;
    abortAll();
    tasks.clear();
    finished.clear();
  }

  private final class JoinNext extends OnceFuture<Optional<Result<T>>> {
    @Override
    public String describe() {
      return "joinNext(JoinSet of " + tasks.size() + ")";
    }

    @Override
    protected Poll<Optional<Result<T>>> pollOnce(Context cx) {
      for (;;) {
        RawTask<?> t = finished.poll();
        if (t != null) {
          @SuppressWarnings("unchecked")
          RawTask<T> mine = (RawTask<T>) t;
          if (tasks.remove(mine)) {
            return Poll.ready(Optional.of(mine.outcome()));
          }
          continue; // left the set already (close)
        }
        if (tasks.isEmpty()) {
          return Poll.ready(Optional.empty());
        }
        joiner = cx.waker();
        if (finished.isEmpty()) {
          return Poll.pending();
        }
      }
    }

    @Override
    public void cancel() {
      markCompleted();
    }
  }
}
