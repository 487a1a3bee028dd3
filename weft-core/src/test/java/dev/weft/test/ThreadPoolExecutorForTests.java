package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately plain multi-threaded executor for tests of the future layer without a weft
 * runtime: tasks are spread over several threads, each task polled always by the same one (a
 * suspended async block must resume on the thread it suspended on), while wake-ups come from
 * any thread. A task is never polled twice at once (a small state machine guards it).
 */
public final class ThreadPoolExecutorForTests implements AutoCloseable {
  private final ExecutorService[] threads;
  private int next;

  public ThreadPoolExecutorForTests(int threadCount) {
    threads = new ExecutorService[threadCount];
    for (int i = 0; i < threadCount; i++) {
      threads[i] = Executors.newSingleThreadExecutor();
    }
  }

  /** Starts polling {@code f} on the next thread in turn; completes with its outcome. */
  public <T> CompletableFuture<T> spawn(Future<T> f) {
    Task<T> t = new Task<>(f, threads[next++ % threads.length]);
    t.wake();
    return t.result;
  }

  @Override
  public void close() {
    for (ExecutorService e : threads) {
      e.shutdownNow();
    }
  }

  private final class Task<T> implements Waker, Runnable {
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    private static final int RUNNING = 2;
    private static final int NOTIFIED = 3;
    private static final int DONE = 4;

    final Future<T> future;
    final ExecutorService pool;
    final CompletableFuture<T> result = new CompletableFuture<>();
    final AtomicInteger state = new AtomicInteger(IDLE);
    final Context cx = Context.of(this);

    Task(Future<T> future, ExecutorService pool) {
      this.future = future;
      this.pool = pool;
    }

    @Override
    public void wake() {
      for (;;) {
        int s = state.get();
        if (s == IDLE) {
          if (state.compareAndSet(IDLE, SCHEDULED)) {
            pool.execute(this);
            return;
          }
        } else if (s == RUNNING) {
          if (state.compareAndSet(RUNNING, NOTIFIED)) {
            return;
          }
        } else {
          return; // SCHEDULED, NOTIFIED or DONE
        }
      }
    }

    @Override
    public void run() {
      state.set(RUNNING);
      Poll<T> p;
      try {
        p = future.poll(cx);
      } catch (Throwable t) {
        state.set(DONE);
        result.completeExceptionally(t);
        return;
      }
      if (p.isReady()) {
        state.set(DONE);
        result.complete(p.value());
        return;
      }
      if (!state.compareAndSet(RUNNING, IDLE)) { // NOTIFIED while running: go again
        state.set(SCHEDULED);
        pool.execute(this);
      }
    }
  }
}
