// Run (from the repository root), the same benchmark from the plain jar (the block on the
// continuation engine) and from the woven build's jar (the block a state machine):
//   ./weft bench --only weft-mt --workload w1 --quick   (builds both jars), or
//   ./weft mvn -q -pl weft-bench -am package -DskipTests
//   ./weft mvn -q -Pwoven -pl weft-bench -am package -DskipTests
//   java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -jar weft-bench/target/benchmarks.jar \
//       'dev.weft.bench.woven.AwaitBenchmark' -prof gc
//   java -jar weft-bench/target/woven/benchmarks.jar 'dev.weft.bench.woven.AwaitBenchmark' -prof gc
package dev.weft.bench.woven;

import static dev.weft.future.Async.async;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one {@code await()} of a ready future inside an async block, against the same
 * sum written as a poll-based future chain ({@code then} and {@code map}), per step (100 a
 * block). The 100 futures are made once and answer every poll with the same {@code Poll}, so
 * neither side pays for the futures themselves. Run from the woven jar, the block is a state
 * machine and each await a poll and a compare; from the plain jar it is a coroutine (an await
 * of a ready future does not suspend either way). The chain allocates its nodes and lambdas
 * per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Thread)
public class AwaitBenchmark {
  static final int AWAITS = 100;
  static final Context CX = Context.of(Waker.noop());

  /** A future that is ready with the same value however often it is polled. */
  static final class AlwaysReady implements Future<Integer> {
    private final Poll<Integer> ready;

    AlwaysReady(int v) {
      ready = Poll.ready(v);
    }

    @Override
    public Poll<Integer> poll(Context cx) {
      return ready;
    }
  }

  private AlwaysReady[] futures;

  @Setup
  public void setup() {
    futures = new AlwaysReady[AWAITS];
    for (int i = 0; i < AWAITS; i++) {
      futures[i] = new AlwaysReady(i);
    }
  }

  /** 100 awaits of ready futures in one async block, polled once. */
  @Benchmark
  @OperationsPerInvocation(AWAITS)
  public int awaitReadyInABlock() {
    AlwaysReady[] fs = futures;
    Future<Integer> block = async(() -> {
      int sum = 0;
      for (AlwaysReady f : fs) {
        sum += f.await();
      }
      return sum;
    });
    return value(block);
  }

  /** The same sum as a chain of 100 {@code then}/{@code map} steps, polled once. */
  @Benchmark
  @OperationsPerInvocation(AWAITS)
  public int pollBasedChain() {
    Future<Integer> f = Futures.ready(0);
    for (AlwaysReady next : futures) {
      f = f.then(sum -> next.map(v -> sum + v));
    }
    return value(f);
  }

  private static int value(Future<Integer> f) {
    Poll<Integer> p = f.poll(CX);
    if (!p.isReady()) {
      throw new IllegalStateException("a ready chain was pending");
    }
    return p.value();
  }
}
