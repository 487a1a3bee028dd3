package dev.weft.fs;

import dev.weft.runtime.JoinHandle;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BlockingSpawner} whose jobs wait at a gate on the blocking pool until the test lets
 * them through: a job stays "in flight" for exactly as long as a test needs, so a cancel or a
 * close lands while it runs, every time. Open the gate for good before the runtime closes (it
 * waits for running blocking jobs).
 */
final class GatedSpawner implements BlockingSpawner, AutoCloseable {
  private final Semaphore passes = new Semaphore(0);
  private final List<JoinHandle<?>> handles = new CopyOnWriteArrayList<>();

  @Override
  public <T> JoinHandle<T> spawn(String what, Callable<T> body) {
    JoinHandle<T> h = BlockingSpawner.RUNTIME.spawn(what, () -> {
      if (!passes.tryAcquire(FsTesting.PATIENCE_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a gated job was never let through");
      }
      return body.call();
    });
    handles.add(h);
    return h;
  }

  /** Jobs handed to the pool so far. */
  int spawned() {
    return handles.size();
  }

  /** Lets {@code n} more jobs through. */
  void letThrough(int n) {
    passes.release(n);
  }

  /** Lets every job through from now on. */
  void open() {
    passes.release(1 << 24);
  }

  /** Waits until the job spawned {@code index}-th (from 0) has finished on the pool. */
  void awaitFinished(int index) {
    FsTesting.eventually("job " + index + " to finish", () -> handles.size() > index
        && handles.get(index).isFinished());
  }

  @Override
  public void close() {
    open();
  }
}
