// Run: ./weft mvn -q -pl weft-bench -am package -DskipTests && \
//      /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
//        -jar weft-bench/target/benchmarks.jar FuturesUnorderedBenchmark -f 1 -wi 3 -i 5
package dev.weft.bench.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.stream.FuturesUnordered;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link FuturesUnordered} with 100,000 futures: nanoseconds per future for adding them all and
 * draining the set, when every future is ready at its first poll ({@link #readyAtOnce}), and
 * when every future is pending at its first poll and is then woken, in random order, by the
 * consumer's loop ({@link #wokenInRandomOrder}: the ready-to-run queue at work, each future
 * polled twice). {@link #joinAllReadyAtOnce} is {@code Futures.joinAll} of the same ready
 * futures, the fixed-size join that shares the one-waker-per-child design.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FuturesUnorderedBenchmark.FUTURES)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx2g"})
public class FuturesUnorderedBenchmark {
  static final int FUTURES = 100_000;

  /** Pending at its first poll (remembering its waker), ready at the second. */
  static final class Gate implements Future<Integer> {
    final int id;
    Waker waker;

    Gate(int id) {
      this.id = id;
    }

    @Override
    public Poll<Integer> poll(Context cx) {
      if (waker == null) {
        waker = cx.waker();
        return Poll.pending();
      }
      return Poll.ready(id);
    }
  }

  private final int[] order = shuffled(FUTURES);

  private static int[] shuffled(int n) {
    List<Integer> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(i);
    }
    Collections.shuffle(l, new Random(1));
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  @Benchmark
  public long readyAtOnce() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    for (int i = 0; i < FUTURES; i++) {
      set.add(Futures.ready(i));
    }
    return Futures.blockOn(set.count());
  }

  @Benchmark
  public long wokenInRandomOrder() {
    FuturesUnordered<Integer> set = new FuturesUnordered<>();
    Gate[] gates = new Gate[FUTURES];
    for (int i = 0; i < FUTURES; i++) {
      gates[i] = new Gate(i);
      set.add(gates[i]);
    }
    // One poll registers every gate's waker; then wake them all in random order and drain.
    long[] sum = {0};
    Futures.blockOn(Futures.pollFn(cx -> {
      set.pollNext(cx);
      for (int i : order) {
        gates[i].waker.wake();
      }
      return Poll.ready(null);
    }));
    return Futures.blockOn(set.fold(sum[0], (acc, x) -> Futures.ready(acc + x)));
  }

  @Benchmark
  public int joinAllReadyAtOnce() {
    List<Future<Integer>> fs = new ArrayList<>(FUTURES);
    for (int i = 0; i < FUTURES; i++) {
      fs.add(Futures.ready(i));
    }
    return Futures.blockOn(Futures.joinAll(fs)).size();
  }
}
