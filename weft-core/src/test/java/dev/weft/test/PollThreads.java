package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the name of every thread that polls a future. The wrapper's {@code poll} runs outside
 * any coroutine (the executor calls it, and it polls the wrapped future), so the name it reads is
 * the polling thread's for sure, unlike {@code Thread.currentThread()} read inside an async block
 * body, which compiled code may have cached across a suspension (AsyncBlock rule 6).
 */
public final class PollThreads {
  private final List<String> names = new CopyOnWriteArrayList<>();

  /** {@code f}, recording each poll's thread here. */
  public <T> Future<T> record(Future<T> f) {
    return new Future<>() {
      @Override
      public Poll<T> poll(Context cx) {
        names.add(Thread.currentThread().getName());
        return f.poll(cx);
      }

      @Override
      public void cancel() {
        f.cancel();
      }
    };
  }

  /** Every poll's thread name, in order. */
  public List<String> names() {
    return List.copyOf(names);
  }

  /** The distinct thread names that polled. */
  public Set<String> distinct() {
    Set<String> s = ConcurrentHashMap.newKeySet();
    s.addAll(names);
    return s;
  }

  public int polls() {
    return names.size();
  }
}
