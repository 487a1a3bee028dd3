package dev.weft.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workloads with CompletableFuture on a ForkJoinPool of 2, as a competent user writes
 * non-blocking code with it: {@code runAsync} for a task, dependent stages for waiting,
 * hand-written state machines where a loop must not block, and a ScheduledThreadPoolExecutor
 * (what {@code CompletableFuture.delayedExecutor} uses) for timers.
 */
final class CompletableFutureSuite implements Suite {
  private final ForkJoinPool pool = new ForkJoinPool(2);
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

  CompletableFutureSuite() {
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Runs {@code body} on the pool (the "root task") and waits for the stage it returns. */
  private <T> T root(java.util.function.Supplier<CompletableFuture<T>> body) {
    return CompletableFuture.supplyAsync(body, pool).thenCompose(x -> x).join();
  }

  @Override
  public double spawnMany(int n) {
    return root(() -> {
      AtomicInteger left = new AtomicInteger(n);
      CompletableFuture<Void> done = new CompletableFuture<>();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        CompletableFuture.runAsync(() -> {
          if (left.decrementAndGet() == 0) {
            done.complete(null);
          }
        }, pool);
      }
      return done.thenApply(x -> (System.nanoTime() - start) / (double) n);
    });
  }

  @Override
  public double pingPong(int n) {
    return root(() -> {
      CfChannel<Long> ab = new CfChannel<>(1);
      CfChannel<Long> ba = new CfChannel<>(1);
      CompletableFuture<Double> result = new CompletableFuture<>();
      long start = System.nanoTime();
      pongSide(ab, ba, n);
      pingSide(ab, ba, 0, 0L, n, start, result);
      return result;
    });
  }

  /** B: receive, reply with the token plus one, n times; each step hops through the pool. */
  private void pongSide(CfChannel<Long> ab, CfChannel<Long> ba, int left) {
    if (left == 0) {
      return;
    }
    ab.recv().thenComposeAsync(v -> ba.send(v + 1), pool).thenRun(() -> pongSide(ab, ba, left - 1));
  }

  /** A: send the token, await the reply, n round trips. */
  private void pingSide(CfChannel<Long> ab, CfChannel<Long> ba, int i, long token, int n,
      long start, CompletableFuture<Double> result) {
    if (i == n) {
      if (token != n) {
        result.completeExceptionally(new AssertionError("token " + token));
      } else {
        result.complete((System.nanoTime() - start) / (double) n);
      }
      return;
    }
    ab.send(token).thenCompose(x -> ba.recv())
        .thenAcceptAsync(t -> pingSide(ab, ba, i + 1, t, n, start, result), pool);
  }

  @Override
  public double mpsc(int perProducer) {
    int producers = 4;
    return root(() -> {
      CfChannel<Long> ch = new CfChannel<>(1024);
      CompletableFuture<Double> result = new CompletableFuture<>();
      long start = System.nanoTime();
      for (int p = 0; p < producers; p++) {
        produce(ch, 0, perProducer);
      }
      long expected = producers * ((long) perProducer * (perProducer - 1) / 2);
      long messages = (long) producers * perProducer;
      consume(ch, messages, 0, expected, start, messages, result);
      return result;
    });
  }

  /** A producer: sends while there is room, hops through the pool when it must wait. */
  private void produce(CfChannel<Long> ch, long from, long to) {
    for (long i = from; i < to; i++) {
      CompletableFuture<Void> sent = ch.send(i);
      if (!sent.isDone()) {
        long next = i + 1;
        sent.thenRunAsync(() -> produce(ch, next, to), pool);
        return;
      }
    }
  }

  /** The consumer: receives while values are there, hops through the pool when it must wait. */
  private void consume(CfChannel<Long> ch, long left, long sum, long expected, long start,
      long messages, CompletableFuture<Double> result) {
    while (left > 0) {
      CompletableFuture<Long> v = ch.recv();
      if (!v.isDone()) {
        long remaining = left;
        long partial = sum;
        v.thenAcceptAsync(
            x -> consume(ch, remaining - 1, partial + x, expected, start, messages, result), pool);
        return;
      }
      sum += v.join();
      left--;
    }
    if (sum != expected) {
      result.completeExceptionally(new AssertionError("sum " + sum));
    } else {
      result.complete((System.nanoTime() - start) / (double) messages);
    }
  }

  @Override
  public IdleMemory idleMemory(int n) {
    long heap0 = Measure.usedHeapAfterGc();
    long rss0 = Measure.rssBytes();
    List<CompletableFuture<Void>> senders = new ArrayList<>(n);
    AtomicInteger finished = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      CompletableFuture<Void> oneshot = new CompletableFuture<>();
      senders.add(oneshot);
      oneshot.thenRun(finished::incrementAndGet); // the "task": a continuation waiting on it
    }
    double createNs = (System.nanoTime() - start) / (double) n;
    long heap1 = Measure.usedHeapAfterGc();
    long rss1 = Measure.rssBytes();
    for (CompletableFuture<Void> s : senders) {
      s.complete(null);
    }
    return new IdleMemory((heap1 - heap0) / (double) n, (rss1 - rss0) / (double) n, createNs);
  }

  @Override
  public double chainedSpawn(int n) {
    return root(() -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      long start = System.nanoTime();
      chain(n, done);
      return done.thenApply(x -> (System.nanoTime() - start) / (double) n);
    });
  }

  private void chain(int n, CompletableFuture<Void> done) {
    if (n == 0) {
      done.complete(null);
    } else {
      CompletableFuture.runAsync(() -> chain(n - 1, done), pool);
    }
  }

  @Override
  public Timers timers(int n) {
    int[] ms = Measure.sleepMillis(n);
    long[] late = new long[n];
    AtomicInteger left = new AtomicInteger(n);
    CompletableFuture<Void> done = new CompletableFuture<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int index = i;
      long deadline = start + ms[i] * 1_000_000L;
      timer.schedule(() -> pool.execute(() -> {
        late[index] = System.nanoTime() - deadline;
        if (left.decrementAndGet() == 0) {
          done.complete(null);
        }
      }), ms[i], TimeUnit.MILLISECONDS);
    }
    done.join();
    double wall = (System.nanoTime() - start) / 1e9;

    long heap0 = Measure.usedHeapAfterGc();
    List<java.util.concurrent.ScheduledFuture<?>> pending = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      pending.add(timer.schedule(() -> { }, 10, TimeUnit.MINUTES));
    }
    long heap1 = Measure.usedHeapAfterGc();
    for (var f : pending) {
      f.cancel(false);
    }

    Measure.usedHeapAfterGc(); // idle means idle: the GC of the phase before is over first
    long[] idleLate = new long[200];
    for (int i = 0; i < idleLate.length; i++) {
      int d = 1 + (i * 7) % 20;
      long s = System.nanoTime();
      CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(d, TimeUnit.MILLISECONDS, pool)).join();
      idleLate[i] = System.nanoTime() - s - d * 1_000_000L;
    }

    double timeoutNs = Double.NaN;
    for (int run = 0; run < Measure.TIMEOUT_READY_RUNS; run++) { // the last counts (see there)
      int reps = 1_000_000;
      long s = System.nanoTime();
      long sum = 0;
      for (int i = 0; i < reps; i++) {
        sum += CompletableFuture.completedFuture(i).orTimeout(1, TimeUnit.SECONDS).join();
      }
      timeoutNs = (System.nanoTime() - s) / (double) reps;
      if (sum < 0) {
        throw new AssertionError();
      }
    }
    return new Timers(wall, Measure.percentile(late, n, 50) / 1e6,
        Measure.percentile(late, n, 99) / 1e6, (heap1 - heap0) / (double) n,
        Measure.percentile(idleLate, idleLate.length, 50) / 1e6,
        Measure.percentile(idleLate, idleLate.length, 99) / 1e6, timeoutNs);
  }

  @Override
  public double yieldMany(int tasks, int yields) {
    return root(() -> {
      AtomicInteger left = new AtomicInteger(tasks);
      CompletableFuture<Void> done = new CompletableFuture<>();
      long start = System.nanoTime();
      for (int t = 0; t < tasks; t++) {
        pool.execute(new Runnable() { // a task that yields by going to the back of the pool
          int remaining = yields;

          @Override
          public void run() {
            if (remaining-- > 0) {
              pool.execute(this);
            } else if (left.decrementAndGet() == 0) {
              done.complete(null);
            }
          }
        });
      }
      return done.thenApply(x -> (System.nanoTime() - start) / ((double) tasks * yields));
    });
  }

  @Override
  public void close() {
    pool.shutdownNow();
    timer.shutdownNow();
  }
}
