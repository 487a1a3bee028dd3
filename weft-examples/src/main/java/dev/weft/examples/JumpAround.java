package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.stream.Stream;
import dev.weft.stream.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Rust text's {@code jump_around}: {@code try_for_each_concurrent(MAX_CONCURRENT_JUMPERS, ...)}
 * over a stream of jump counts. At most 100 jumpers jump at once; the first failure (none here)
 * would stop the whole run and cancel the jumpers still in the air.
 */
final class JumpAround {
  private JumpAround() {}

  static final int MAX_CONCURRENT_JUMPERS = 100;

  /** What the run saw: jumpers done, jumps reported, and the most jumpers in the air at once. */
  record Report(int jumpers, int jumps, int mostAtOnce) {}

  static Future<Void> jumpAround(Stream<Integer> stream, AtomicInteger jumps, AtomicInteger inAir, AtomicInteger most) {
    return stream.forEachConcurrent(MAX_CONCURRENT_JUMPERS, num -> async(() -> {
      most.accumulateAndGet(inAir.incrementAndGet(), Math::max);
      try {
        jumpNTimes(num).await();
        reportNJumps(num, jumps).await();
        return null;
      } finally {
        inAir.decrementAndGet();
      }
    }));
  }

  /** Jumping takes a millisecond per jump. */
  static Future<Void> jumpNTimes(int num) {
    return Delays.after(Duration.ofMillis(num), null);
  }

  static Future<Void> reportNJumps(int num, AtomicInteger jumps) {
    return Futures.lazy(() -> {
      jumps.addAndGet(num);
      return null;
    });
  }

  static Report jumpers(int count) {
    List<Integer> nums = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nums.add(10 + i % 40);
    }
    AtomicInteger jumps = new AtomicInteger();
    AtomicInteger inAir = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Futures.blockOn(jumpAround(Streams.fromIterable(nums), jumps, inAir, most));
    return new Report(count, jumps.get(), most.get());
  }

  static void run() {
    long start = System.nanoTime();
    Report r = jumpers(300);
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("jumpers: " + r.jumpers() + ", jumps reported: " + r.jumps());
    System.out.println("most jumpers in the air at once: " + r.mostAtOnce() + " (the limit is " + MAX_CONCURRENT_JUMPERS + ")");
    System.out.println(ms < 2_000
        ? "the jumps overlapped: far faster than one jumper after another"
        : "took " + ms + " ms: the jumpers did not overlap");
  }

  public static void main(String[] args) {
    run();
  }
}
