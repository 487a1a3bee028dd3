// Run: ./weft mvn -q -pl weft-bench -am package -DskipTests && \
//      /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
//        -jar weft-bench/target/benchmarks.jar StreamPipelineBenchmark -f 1 -wi 3 -i 5
// (add -prof gc for the bytes allocated per item: divide gc.alloc.rate.norm by ITEMS)
package dev.weft.bench.stream;

import static dev.weft.future.Async.async;

import dev.weft.future.Futures;
import dev.weft.stream.Stream;
import dev.weft.stream.Streams;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
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
import reactor.core.publisher.Flux;

/**
 * A stream of 10,000,000 longs through map, filter and fold: nanoseconds per item, weft beside
 * {@code java.util.stream} (the synchronous floor) and Reactor's {@code Flux}.
 *
 * <p>Every contender but {@link #javaLongStream} reads the same source, an {@link Iterable} that
 * boxes each long as it is asked for it ({@code java.util.stream.Stream<Long>} over its
 * spliterator, {@code Flux.fromIterable}, {@code Streams.fromIterable}), and runs the same
 * pipeline: {@code x * 3}, keep the even ones, sum. {@link #javaLongStream} is the primitive
 * floor: {@code LongStream.range} with no boxing at all. weft is driven two ways: a terminal
 * {@code fold} under {@code Futures.blockOn}, and a for-loop over {@code asIterable()} in an
 * async block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(StreamPipelineBenchmark.ITEMS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx2g"})
public class StreamPipelineBenchmark {
  static final int ITEMS = 10_000_000;

  /** 0 .. n-1, boxed one by one as the consumer asks. */
  static Iterable<Long> longs(long n) {
    return () -> new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public Long next() {
        return next++;
      }
    };
  }

  @Benchmark
  public long weftFoldBlockOn() {
    Stream<Long> s = Streams.fromIterable(longs(ITEMS)).map(x -> x * 3).filter(x -> (x & 1) == 0);
    return Futures.blockOn(s.fold(0L, (acc, x) -> Futures.ready(acc + x)));
  }

  @Benchmark
  public long weftAsIterable() {
    Stream<Long> s = Streams.fromIterable(longs(ITEMS)).map(x -> x * 3).filter(x -> (x & 1) == 0);
    return Futures.blockOn(async(() -> {
      long sum = 0;
      for (long x : s.asIterable()) {
        sum += x;
      }
      return sum;
    }));
  }

  @Benchmark
  public long javaBoxedStream() {
    return StreamSupport.stream(longs(ITEMS).spliterator(), false)
        .map(x -> x * 3).filter(x -> (x & 1) == 0).reduce(0L, Long::sum);
  }

  @Benchmark
  public long javaLongStream() {
    return LongStream.range(0, ITEMS).map(x -> x * 3).filter(x -> (x & 1) == 0).sum();
  }

  @Benchmark
  public long flux() {
    return Flux.fromIterable(longs(ITEMS)).map(x -> x * 3).filter(x -> (x & 1) == 0)
        .reduce(0L, Long::sum).block();
  }
}
