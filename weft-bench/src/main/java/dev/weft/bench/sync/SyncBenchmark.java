// Run (from the repository root):
//   ./weft mvn -q -pl weft-bench -am package -DskipTests
//   java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -jar weft-bench/target/benchmarks.jar \
//       'dev.weft.bench.sync.SyncBenchmark' -f 1 -wi 2 -i 3 -prof gc
package dev.weft.bench.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Mutex;
import dev.weft.sync.Semaphore;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks of {@code dev.weft.sync}: the channel's non-waiting fast paths (which must
 * allocate nothing per value on a bounded channel: see {@code gc.alloc.rate.norm}), the async
 * send/recv path polled by hand (one future per call), and Mutex / Semaphore acquire and release,
 * uncontended and contended by two threads that each block on their own futures.
 *
 * <p>The runtime-based workloads (W2 ping-pong, W3 4×1M mpsc) live with the runtime's harness.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SyncBenchmark {
  static final Context NOOP = Context.of(Waker.noop());

  /** A channel used by one thread: trySend then tryRecv, and send/recv futures polled by hand. */
  @State(Scope.Thread)
  public static class OneThreadChannel {
    @Param({"bounded", "unbounded"})
    public String kind;
    Mpsc.Channel<Long> ch;
    final Long value = 42L; // boxed once: the channel's own cost only

    @Setup
    public void setup() {
      ch = kind.equals("bounded") ? Mpsc.bounded(1024) : Mpsc.unbounded();
    }
  }

  @Benchmark
  public Optional<Long> channelTrySendTryRecv(OneThreadChannel s) {
    s.ch.sender().trySend(s.value);
    return s.ch.receiver().tryRecv();
  }

  @Benchmark
  public Poll<Optional<Long>> channelSendRecvFutures(OneThreadChannel s) {
    s.ch.sender().send(s.value).poll(NOOP);
    return s.ch.receiver().recv().poll(NOOP);
  }

  /** A bounded channel shared by one producer and one consumer thread. */
  @State(Scope.Group)
  public static class SharedChannel {
    Mpsc.Channel<Long> ch;
    final Long value = 42L;

    @Setup
    public void setup() {
      ch = Mpsc.bounded(1024);
    }
  }

  @Benchmark
  @Group("spsc")
  @GroupThreads(1)
  public boolean spscTrySend(SharedChannel s) {
    return s.ch.sender().trySend(s.value);
  }

  @Benchmark
  @Group("spsc")
  @GroupThreads(1)
  public Optional<Long> spscTryRecv(SharedChannel s) {
    return s.ch.receiver().tryRecv();
  }

  /** A mutex and a semaphore per thread (uncontended) or per benchmark (contended). */
  @State(Scope.Thread)
  public static class Own {
    final Mutex<long[]> mutex = new Mutex<>(new long[1]);
    final Semaphore semaphore = new Semaphore(1);
  }

  @State(Scope.Benchmark)
  public static class Shared {
    final Mutex<long[]> mutex = new Mutex<>(new long[1]);
    final Semaphore semaphore = new Semaphore(1);
  }

  @Benchmark
  public long mutexTryLockUncontended(Own s) {
    Mutex.Guard<long[]> g = s.mutex.tryLock().orElseThrow();
    long v = ++g.get()[0];
    g.close();
    return v;
  }

  @Benchmark
  public long mutexLockUncontended(Own s) {
    Mutex.Guard<long[]> g = s.mutex.lock().poll(NOOP).value();
    long v = ++g.get()[0];
    g.close();
    return v;
  }

  @Benchmark
  public void semaphoreAcquireUncontended(Own s) {
    s.semaphore.acquire().poll(NOOP).value().close();
  }

  @Benchmark
  @Threads(2)
  public long mutexLockContended(Shared s) {
    Future<Mutex.Guard<long[]>> f = s.mutex.lock();
    Mutex.Guard<long[]> g = Futures.blockOn(f);
    long v = ++g.get()[0];
    g.close();
    return v;
  }

  @Benchmark
  @Threads(2)
  public void semaphoreAcquireContended(Shared s) {
    Futures.blockOn(s.semaphore.acquire()).close();
  }
}
