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
 * runtime. It has {@code n} threads and keeps each task on one of them (affinity): the
 * {@code i}-th task spawned always runs on thread {@code i % n}, whichever thread wakes it. That
 * is the rule a started async block needs (AsyncBlock rule 6: a suspended block resumes only on
 * the thread it suspended on), while different tasks still run on different threads at once and
 * are woken from anywhere. A task is never polled by two threads at once (a small state machine
 * guards it).
 */
public final class ThreadPoolExecutorForTests implements AutoCloseable {
  private final ExecutorService[] lanes;
  private final AtomicInteger spawned = new AtomicInteger();

  public ThreadPoolExecutorForTests(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    lanes = new ExecutorService[threads];
    for (int i = 0; i < threads; i++) {
      String name = "test-pool-thread-" + i;
      lanes[i] = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
    }
  }

  /**
   * Starts polling {@code f} on the next thread in turn; the returned CompletableFuture
   * completes with its outcome.
   */
  public <T> CompletableFuture<T> spawn(Future<T> f) {
    Task<T> t = new Task<>(f, lanes[Math.floorMod(spawned.getAndIncrement(), lanes.length)]);
    t.wake();
    return t.result;
  }

  /** The name of the thread that runs the {@code i}-th spawned task. */
  public String threadNameOf(int i) {
    return "test-pool-thread-" + Math.floorMod(i, lanes.length);
  }

  @Override
  public void close() {
    for (ExecutorService lane : lanes) {
      lane.shutdownNow();
    }
  }

  private static final class Task<T> implements Waker, Runnable {
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    private static final int RUNNING = 2;
    private static final int NOTIFIED = 3;
    private static final int DONE = 4;

    final Future<T> future;
    final ExecutorService lane;
    final CompletableFuture<T> result = new CompletableFuture<>();
    final AtomicInteger state = new AtomicInteger(IDLE);
    final Context cx = Context.of(this);

    Task(Future<T> future, ExecutorService lane) {
      this.future = future;
      this.lane = lane;
    }

    @Override
    public void wake() {
      for (;;) {
        int s = state.get();
        if (s == IDLE) {
          if (state.compareAndSet(IDLE, SCHEDULED)) {
            lane.execute(this);
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
        lane.execute(this);
      }
    }
  }
}
