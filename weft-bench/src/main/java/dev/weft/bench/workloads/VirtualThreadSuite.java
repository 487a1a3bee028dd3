package dev.weft.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The workloads on Java virtual threads, as a competent user writes them: one virtual thread per
 * task, blocking calls for waiting, java.util.concurrent queues and latches for hand-offs. Run
 * with {@code -Djdk.virtualThreadScheduler.parallelism=2} (the launcher passes it).
 */
final class VirtualThreadSuite implements Suite {

  private static <T> T inVirtualThread(java.util.concurrent.Callable<T> body) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        result.complete(body.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result.get();
  }

  @Override
  public double spawnMany(int n) throws Exception {
    return inVirtualThread(() -> {
      AtomicInteger left = new AtomicInteger(n);
      CountDownLatch done = new CountDownLatch(1);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Thread.startVirtualThread(() -> {
          if (left.decrementAndGet() == 0) {
            done.countDown();
          }
        });
      }
      done.await();
      return (System.nanoTime() - start) / (double) n;
    });
  }

  @Override
  public double pingPong(int n) throws Exception {
    return inVirtualThread(() -> {
      SynchronousQueue<Long> ab = new SynchronousQueue<>();
      SynchronousQueue<Long> ba = new SynchronousQueue<>();
      Thread b = Thread.startVirtualThread(() -> {
        try {
          for (int i = 0; i < n; i++) {
            ba.put(ab.take() + 1);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      long start = System.nanoTime();
      long token = 0;
      for (int i = 0; i < n; i++) {
        ab.put(token);
        token = ba.take();
      }
      long elapsed = System.nanoTime() - start;
      b.join();
      if (token != n) {
        throw new AssertionError("token " + token);
      }
      return elapsed / (double) n;
    });
  }

  @Override
  public double mpsc(int perProducer) throws Exception {
    return inVirtualThread(() -> {
      ArrayBlockingQueue<Long> q = new ArrayBlockingQueue<>(1024);
      int producers = 4;
      long start = System.nanoTime();
      for (int p = 0; p < producers; p++) {
        Thread.startVirtualThread(() -> {
          try {
            for (long i = 0; i < perProducer; i++) {
              q.put(i);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      long sum = 0;
      for (long i = 0; i < (long) producers * perProducer; i++) {
        sum += q.take();
      }
      long elapsed = System.nanoTime() - start;
      long expected = producers * ((long) perProducer * (perProducer - 1) / 2);
      if (sum != expected) {
        throw new AssertionError("sum " + sum);
      }
      return elapsed / ((double) producers * perProducer);
    });
  }

  @Override
  public IdleMemory idleMemory(int n) throws Exception {
    long heap0 = Measure.usedHeapAfterGc();
    long rss0 = Measure.rssBytes();
    List<CompletableFuture<Void>> senders = new ArrayList<>(n);
    AtomicInteger started = new AtomicInteger();
    CountDownLatch allStarted = new CountDownLatch(1);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      CompletableFuture<Void> oneshot = new CompletableFuture<>();
      senders.add(oneshot);
      Thread.startVirtualThread(() -> {
        if (started.incrementAndGet() == n) {
          allStarted.countDown();
        }
        oneshot.join();
      });
    }
    allStarted.await();
    double createNs = (System.nanoTime() - start) / (double) n;
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // let them all park
    long heap1 = Measure.usedHeapAfterGc();
    long rss1 = Measure.rssBytes();
    for (CompletableFuture<Void> s : senders) {
      s.complete(null);
    }
    return new IdleMemory((heap1 - heap0) / (double) n, (rss1 - rss0) / (double) n, createNs);
  }

  @Override
  public double chainedSpawn(int n) throws Exception {
    return inVirtualThread(() -> {
      CountDownLatch done = new CountDownLatch(1);
      long start = System.nanoTime();
      chain(n, done);
      done.await();
      return (System.nanoTime() - start) / (double) n;
    });
  }

  private static void chain(int n, CountDownLatch done) {
    if (n == 0) {
      done.countDown();
    } else {
      Thread.startVirtualThread(() -> chain(n - 1, done));
    }
  }

  @Override
  public Timers timers(int n) throws Exception {
    int[] ms = Measure.sleepMillis(n);
    long[] late = new long[n];
    CountDownLatch done = new CountDownLatch(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int index = i;
      long deadline = start + ms[i] * 1_000_000L;
      Thread.startVirtualThread(() -> {
        try {
          Thread.sleep(ms[index]);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        late[index] = System.nanoTime() - deadline;
        done.countDown();
      });
    }
    done.await();
    double wall = (System.nanoTime() - start) / 1e9;

    long heap0 = Measure.usedHeapAfterGc();
    // Pending 10-minute sleeps. On a virtual thread Thread.sleep is this same timed park (plus
    // two frames); parking lets the harness end them with an unpark, where interrupting a
    // million sleepers costs a million InterruptedExceptions (over 20 s here).
    AtomicBoolean over = new AtomicBoolean();
    CountDownLatch ended = new CountDownLatch(n); // one wait, not a million joins
    List<Thread> sleepers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sleepers.add(Thread.startVirtualThread(() -> {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long left;
        while (!over.get() && (left = deadline - System.nanoTime()) > 0) {
          LockSupport.parkNanos(left);
        }
        ended.countDown();
      }));
    }
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    long heap1 = Measure.usedHeapAfterGc();
    over.set(true);
    for (Thread t : sleepers) {
      LockSupport.unpark(t);
    }
    ended.await();
    Measure.usedHeapAfterGc(); // idle means idle: the GC of the phase before is over first

    long[] idleLate = inVirtualThread(() -> {
      long[] l = new long[200];
      for (int i = 0; i < l.length; i++) {
        int d = 1 + (i * 7) % 20;
        long s = System.nanoTime();
        Thread.sleep(d);
        l[i] = System.nanoTime() - s - d * 1_000_000L;
      }
      return l;
    });
    return new Timers(wall, Measure.percentile(late, n, 50) / 1e6,
        Measure.percentile(late, n, 99) / 1e6, (heap1 - heap0) / (double) n,
        Measure.percentile(idleLate, idleLate.length, 50) / 1e6,
        Measure.percentile(idleLate, idleLate.length, 99) / 1e6, Double.NaN);
  }

  @Override
  public double yieldMany(int tasks, int yields) throws Exception {
    return inVirtualThread(() -> {
      long start = System.nanoTime();
      List<Thread> ts = new ArrayList<>(tasks);
      for (int t = 0; t < tasks; t++) {
        ts.add(Thread.startVirtualThread(() -> {
          for (int i = 0; i < yields; i++) {
            Thread.yield();
          }
        }));
      }
      for (Thread t : ts) {
        t.join();
      }
      return (System.nanoTime() - start) / ((double) tasks * yields);
    });
  }
}
