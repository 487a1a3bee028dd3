package dev.weft.bench.workloads;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Sender;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workloads written with weft, as the Rust reference writes them with tokio: a root task
 * spawned on the runtime does the work and times it; tasks are async blocks.
 */
final class WeftSuite implements Suite {
  private final AsyncRuntime rt;

  WeftSuite(boolean multiThread) {
    rt = multiThread
        ? AsyncRuntime.builder().multiThread().workers(2).threadName("weft-bench").build()
        : AsyncRuntime.builder().currentThread().threadName("weft-bench").build();
  }

  private <T> T root(Future<T> body) {
    return rt.blockOn(rt.spawn(body));
  }

  @Override
  public double spawnMany(int n) {
    return root(async(() -> {
      AtomicInteger left = new AtomicInteger(n);
      Signal done = new Signal();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Task.spawn(async(() -> {
          if (left.decrementAndGet() == 0) {
            done.fire();
          }
          return null;
        }));
      }
      done.await();
      return (System.nanoTime() - start) / (double) n;
    }));
  }

  @Override
  public double pingPong(int n) {
    return root(async(() -> {
      Mpsc.Channel<Long> ab = Mpsc.bounded(1);
      Mpsc.Channel<Long> ba = Mpsc.bounded(1);
      JoinHandle<Void> b = Task.spawn(async(() -> {
        Optional<Long> v;
        while ((v = ab.receiver().recv().await()).isPresent()) {
          ba.sender().send(v.get() + 1).await();
        }
        return null;
      }));
      JoinHandle<Double> a = Task.spawn(async(() -> {
        long start = System.nanoTime();
        long token = 0;
        for (int i = 0; i < n; i++) {
          ab.sender().send(token).await();
          token = ba.receiver().recv().await().orElseThrow();
        }
        long elapsed = System.nanoTime() - start;
        ab.sender().close();
        if (token != n) {
          throw new AssertionError("token " + token);
        }
        return elapsed / (double) n;
      }));
      double perRoundTrip = a.await();
      b.await();
      return perRoundTrip;
    }));
  }

  @Override
  public double mpsc(int perProducer) {
    int producers = 4;
    return root(async(() -> {
      long start = System.nanoTime();
      Mpsc.Channel<Long> ch = Mpsc.bounded(1024);
      for (int p = 0; p < producers; p++) {
        Sender<Long> tx = ch.sender().clone();
        Task.spawn(async(() -> {
          for (long i = 0; i < perProducer; i++) {
            tx.send(i).await();
          }
          tx.close();
          return null;
        }));
      }
      ch.sender().close();
      JoinHandle<Long> consumer = Task.spawn(async(() -> {
        long sum = 0;
        Optional<Long> v;
        while ((v = ch.receiver().recv().await()).isPresent()) {
          sum += v.get();
        }
        return sum;
      }));
      long sum = consumer.await();
      long elapsed = System.nanoTime() - start;
      long expected = producers * ((long) perProducer * (perProducer - 1) / 2);
      if (sum != expected) {
        throw new AssertionError("sum " + sum + ", expected " + expected);
      }
      return elapsed / ((double) producers * perProducer);
    }));
  }

  @Override
  public IdleMemory idleMemory(int n) {
    long heap0 = Measure.usedHeapAfterGc();
    long rss0 = Measure.rssBytes();
    List<Signal> senders = new ArrayList<>(n);
    double createNs = root(async(() -> {
      AtomicInteger started = new AtomicInteger();
      Signal allStarted = new Signal();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Signal oneshot = new Signal();
        senders.add(oneshot);
        Task.spawn(async(() -> {
          if (started.incrementAndGet() == n) {
            allStarted.fire();
          }
          oneshot.await();
          return null;
        }));
      }
      allStarted.await();
      return (System.nanoTime() - start) / (double) n;
    }));
    long heap1 = Measure.usedHeapAfterGc();
    long rss1 = Measure.rssBytes();
    for (Signal s : senders) {
      s.fire();
    }
    senders.clear();
    drain();
    return new IdleMemory((heap1 - heap0) / (double) n, (rss1 - rss0) / (double) n, createNs);
  }

  /** Lets every other task finish (on the current-thread runtime tasks run only inside blockOn). */
  private void drain() {
    root(async(() -> {
      while (rt.metrics().aliveTasks() > 1) { // the draining task itself is alive
        Task.yieldNow().await();
      }
      return null;
    }));
  }

  @Override
  public double chainedSpawn(int n) {
    return root(async(() -> {
      Signal done = new Signal();
      long start = System.nanoTime();
      chain(n, done);
      done.await();
      return (System.nanoTime() - start) / (double) n;
    }));
  }

  private static void chain(int n, Signal done) {
    if (n == 0) {
      done.fire();
    } else {
      Task.spawn(async(() -> {
        chain(n - 1, done);
        return null;
      }));
    }
  }

  /**
   * W6. Each sleeper task is the timer future itself, mapped to record its lateness: the
   * idiomatic weft task for "sleep, then do one thing" (tokio's is a state machine too). An
   * async block per sleeper would also work, but a million suspended coroutines cost the GC a
   * walk of each new stack chunk (measured ~5 us each on this machine), which this workload
   * would then measure instead of the timers.
   */
  @Override
  public Timers timers(int n) {
    int[] ms = Measure.sleepMillis(n);
    long[] late = new long[n];
    long t0 = System.nanoTime();
    root(async(() -> {
      AtomicInteger left = new AtomicInteger(n);
      Signal done = new Signal();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int index = i;
        long deadline = start + ms[i] * 1_000_000L;
        Task.spawn(Time.sleep(Duration.ofMillis(ms[i])).map(x -> {
          late[index] = System.nanoTime() - deadline;
          if (left.decrementAndGet() == 0) {
            done.fire();
          }
          return null;
        }));
      }
      done.await();
      return null;
    }));
    double wall = (System.nanoTime() - t0) / 1e9;

    long heap0 = Measure.usedHeapAfterGc();
    List<JoinHandle<Void>> pending = root(async(() -> {
      List<JoinHandle<Void>> hs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        hs.add(Task.spawn(Time.sleep(Duration.ofMinutes(10))));
      }
      Time.sleep(Duration.ofMillis(50)).await(); // every sleeper has registered
      return hs;
    }));
    long heap1 = Measure.usedHeapAfterGc();
    for (JoinHandle<Void> h : pending) {
      h.abort();
    }
    pending.clear();
    drain();
    Measure.usedHeapAfterGc(); // idle means idle: the GC of the phase before is over first

    long[] idleLate = root(async(() -> {
      long[] l = new long[200];
      for (int i = 0; i < l.length; i++) {
        int d = 1 + (i * 7) % 20;
        long s = System.nanoTime();
        Time.sleep(Duration.ofMillis(d)).await();
        l[i] = System.nanoTime() - s - d * 1_000_000L;
      }
      return l;
    }));

    double timeoutNs = Double.NaN;
    for (int run = 0; run < Measure.TIMEOUT_READY_RUNS; run++) { // the last counts (see there)
      timeoutNs = root(async(() -> {
        int reps = 1_000_000;
        long s = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < reps; i++) {
          sum += Time.timeout(Duration.ofSeconds(1), Futures.ready(i)).await();
        }
        if (sum < 0) {
          throw new AssertionError();
        }
        return (System.nanoTime() - s) / (double) reps;
      }));
    }
    return new Timers(wall, Measure.percentile(late, n, 50) / 1e6,
        Measure.percentile(late, n, 99) / 1e6, (heap1 - heap0) / (double) n,
        Measure.percentile(idleLate, idleLate.length, 50) / 1e6,
        Measure.percentile(idleLate, idleLate.length, 99) / 1e6, timeoutNs);
  }

  @Override
  public double yieldMany(int tasks, int yields) {
    return root(async(() -> {
      long start = System.nanoTime();
      List<JoinHandle<Void>> hs = new ArrayList<>(tasks);
      for (int t = 0; t < tasks; t++) {
        hs.add(Task.spawn(async(() -> {
          for (int i = 0; i < yields; i++) {
            Task.yieldNow().await();
          }
          return null;
        })));
      }
      for (JoinHandle<Void> h : hs) {
        h.await();
      }
      return (System.nanoTime() - start) / ((double) tasks * yields);
    }));
  }

  @Override
  public void close() {
    rt.close();
  }
}
