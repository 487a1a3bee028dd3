package dev.weft.runtime;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.ThreadState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code spawnBlocking}: a growable pool of platform threads for work that blocks (tokio's
 * blocking pool). A submitted task goes to an idle thread if there is one, else to a new thread
 * while fewer than {@code maxThreads} exist, else waits in a queue. A thread idle for
 * {@code keepAlive} exits. Blocking tasks are ordinary {@link RawTask}s whose future runs the
 * callable in its one poll, so their handles behave like any other.
 *
 * <p>Shutdown cancels the tasks still queued (awaiting them gives CancellationException) and
 * waits for the running ones, which cannot be stopped, up to the caller's limit; a task submitted
 * after that (a {@code spawnBlocking} racing {@code close()}) is cancelled at once.
 */
final class BlockingPool extends Scheduler {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workAvailable = lock.newCondition();
  private final ArrayDeque<RawTask<?>> queue = new ArrayDeque<>();
  private final List<Thread> threads = new ArrayList<>(); // started, not known to be dead
  private final java.util.Map<RawTask<?>, Thread> running = new java.util.IdentityHashMap<>();
  private final int maxThreads;
  private final long keepAliveNanos;
  private final String namePrefix;
  private int idle;       // threads waiting for work
  private int signalled;  // idle threads already signalled for queued work
  private int started;
  private boolean shutdown;
  private volatile int alive;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final Runnable afterTask; // a paused clock re-checks whether it may jump (or null)

  BlockingPool(AsyncRuntime runtime, Shared shared, String namePrefix, int maxThreads,
      Duration keepAlive, Runnable afterTask) {
    super(runtime, shared);
    this.afterTask = afterTask;
    this.namePrefix = namePrefix;
    this.maxThreads = maxThreads;
    this.keepAliveNanos = keepAlive.toNanos();
  }

  <T> RawTask<T> spawnBlocking(Callable<T> body) {
    return spawn(new BlockingFuture<>(body));
  }

  int threadCount() {
    return alive;
  }

  /** Blocking tasks queued or running. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  void schedule(RawTask<?> task) {
    if (!enqueue(task)) {
      // A spawnBlocking that raced close(): never polled and held by nothing, so it is cancelled
      // here (RawTask rule 7). Nothing else schedules a blocking task: it is never idle, so an
      // abort only marks it CANCELLED.
      task.rejected();
    }
  }

  /** Queues the task for a thread, starting one if needed; false after shutdown. */
  private boolean enqueue(RawTask<?> task) {
    lock.lock();
    try {
      if (shutdown) {
        return false;
      }
      queue.addLast(task);
      inFlight.incrementAndGet();
      if (idle > signalled) {
        signalled++;
        workAvailable.signal();
      } else if (alive < maxThreads) {
        alive++;
        threads.removeIf(exited -> !exited.isAlive()); // ended after their keep-alive
        Thread t = new RuntimeThread(this::workerLoop, namePrefix + "-blocking-" + started++);
        threads.add(t);
        t.start();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * For a task dump: passes on the queued blocking tasks (with a null thread) and the running
   * ones with the thread that runs them, under the pool's lock.
   */
  void forEachTask(java.util.function.BiConsumer<RawTask<?>, Thread> out) {
    lock.lock();
    try {
      for (RawTask<?> t : queue) {
        out.accept(t, null);
      }
      running.forEach(out);
    } finally {
      lock.unlock();
    }
  }

  @Override
  void yieldTask(RawTask<?> task) {
    schedule(task);
  }

  private void workerLoop() {
    ThreadState ts = ThreadState.current();
    ts.runtime = runtime.services; // AsyncRuntime.current() and Task.spawn work in a blocking task
    lock.lock();
    try {
      for (;;) {
        RawTask<?> task = queue.pollFirst();
        if (task != null) {
          running.put(task, Thread.currentThread()); // for task dumps
          lock.unlock();
          try {
            task.run(null, null);
            shared.pollsElsewhere.increment();
          } finally {
            // As ThreadPoolExecutor does: a task that left its interrupt flag set must not make
            // the next one start interrupted, nor end this thread's keep-alive wait early.
            Thread.interrupted();
            inFlight.decrementAndGet();
            if (afterTask != null) {
              afterTask.run();
            }
            lock.lock();
            running.remove(task);
          }
          continue;
        }
        if (shutdown) {
          break;
        }
        idle++;
        long left;
        try {
          left = workAvailable.awaitNanos(keepAliveNanos);
        } catch (InterruptedException e) {
          // Nobody interrupts a pool thread on purpose; a stray interrupt is not the end of the
          // keep-alive: wait again (the loop comes back here with the flag cleared).
          left = 1;
        } finally {
          idle--;
        }
        if (signalled > 0) {
          signalled--;
        } else if (left <= 0 && queue.isEmpty()) {
          break; // idle for keepAlive: let the thread go
        }
      }
      alive--;
      // This thread stays in `threads` until it is dead (pruned when a thread starts): it is not
      // dead yet, and shutdown() must join it too.
    } finally {
      lock.unlock();
      ts.runtime = null;
    }
  }

  /**
   * Cancels queued tasks and waits (until {@code deadlineNanos}) for running ones; true if no
   * thread of the pool is left.
   */
  boolean shutdown(long deadlineNanos) {
    List<RawTask<?>> cancelled;
    List<Thread> toJoin;
    lock.lock();
    try {
      shutdown = true;
      cancelled = new ArrayList<>(queue);
      inFlight.addAndGet(-queue.size());
      queue.clear();
      workAvailable.signalAll();
      toJoin = new ArrayList<>(threads);
    } finally {
      lock.unlock();
    }
    for (RawTask<?> t : cancelled) {
      t.shutdown();
    }
    boolean all = true;
    for (Thread t : toJoin) {
      all &= RuntimeThread.joinUntil(t, deadlineNanos);
    }
    return all;
  }

  /** The future of a blocking task: runs the callable in its one poll. */
  static final class BlockingFuture<T> extends OnceFuture<T> {
    private final Callable<T> body;

    BlockingFuture(Callable<T> body) {
      this.body = body;
    }

    @Override
    protected Poll<T> pollOnce(Context cx) {
      try {
        return Poll.ready(body.call());
      } catch (Exception e) {
        throw dev.weft.internal.Failures.sneakyThrow(e);
      }
    }

    @Override
    public void cancel() {
      markCompleted();
    }

    @Override
    public String describe() {
      return "blocking call";
    }
  }
}
