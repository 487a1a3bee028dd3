package dev.weft.bench.workloads;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the workloads for one implementation in this JVM and prints RESULT lines.
 *
 * <pre>
 *   --impl weft-mt|weft-ct|weft-mt-woven|weft-ct-woven|vthreads|cf|kotlin
 *                                               which implementation (one per JVM; the woven
 *                                               ones from the woven build's jar)
 *   --workload all|w1,w2,...             which workloads (W4 runs first: it reads RSS growth)
 *   --rounds 5 --warmup 2                timed rounds after warm-up rounds (and, unless quick
 *                                        or 0, at least 1 s of warm-up)
 *   --quick                              one round, smaller counts: a first look
 * </pre>
 */
public final class Workloads {
  private Workloads() {}

  record Sizes(int spawn, int pingPong, int perProducer, int idle, int chain, int timers,
      int yieldTasks, int yields) {
    static final Sizes FULL = new Sizes(1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000,
        1_000_000, 200, 1_000);
    static final Sizes QUICK = new Sizes(200_000, 100_000, 100_000, 100_000, 200_000, 100_000,
        200, 200);

    /** One line for the report; the tokio peer prints the same words for the same sizes. */
    String describe() {
      return String.format(Locale.ROOT, "W1 %,d tasks; W2 %,d round trips; W3 4 x %,d messages; "
          + "W4 %,d idle tasks; W5 a chain of %,d; W6 %,d sleeps; W7 %,d tasks x %,d yields",
          spawn, pingPong, perProducer, idle, chain, timers, yieldTasks, yields);
    }
  }

  /** The least warm-up time of a timed workload (W1-W3, W5, W7) in a full run. */
  static final long MIN_WARMUP_NANOS = 1_000_000_000L;
  static final int MAX_WARMUP_ROUNDS = 1_000;

  /**
   * A timed workload's warm-up: at least {@code rounds} rounds, and more until {@code minNanos}
   * have passed (at most {@link #MAX_WARMUP_ROUNDS}). W7's round lasts about 10 ms, and two of
   * them ended before the JIT had compiled the yield path, so its first timed rounds measured
   * the interpreter (for every JVM peer); a full run therefore warms up for
   * {@link #MIN_WARMUP_NANOS}, a quick one does not.
   */
  record Warmup(int rounds, long minNanos) {}

  /** The most timed rounds of W6 (see {@link #run}); the tokio peer uses the same. */
  static final int W6_ROUNDS = 2;

  public static void main(String[] args) throws Exception {
    String impl = arg(args, "--impl", "weft-mt");
    String which = arg(args, "--workload", "all");
    boolean quick = Arrays.asList(args).contains("--quick");
    int rounds = Integer.parseInt(arg(args, "--rounds", quick ? "1" : "5"));
    int warmupRounds = Integer.parseInt(arg(args, "--warmup", quick ? "1" : "2"));
    Warmup warmup = new Warmup(warmupRounds, quick || warmupRounds == 0 ? 0 : MIN_WARMUP_NANOS);
    Sizes sizes = quick ? Sizes.QUICK : Sizes.FULL;
    Set<String> workloads = new LinkedHashSet<>();
    // W6 last: the longest, and the one whose loss (see Watchdog) costs least when it hangs.
    for (String w : (which.equals("all") ? "w4,w1,w2,w3,w5,w7,w6" : which).split(",")) {
      workloads.add(w.trim().toLowerCase(Locale.ROOT));
    }
    if (workloads.remove("w4")) { // RSS only grows: measure idle memory first
      List<String> ordered = new ArrayList<>(List.of("w4"));
      ordered.addAll(workloads);
      workloads = new LinkedHashSet<>(ordered);
    }
    try (Suite suite = suite(impl)) {
      System.out.println("META|" + impl + "|sizes|" + sizes.describe());
      System.out.println("META|" + impl + "|flags|"
          + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
      if (!suite.version().isEmpty()) {
        System.out.println("META|" + impl + "|version|" + suite.version());
      }
      for (String w : workloads) {
        // Each workload starts on a clean heap: W4 leaves hundreds of megabytes of old garbage
        // that G1 would otherwise mark and collect during the next workload's timed rounds.
        Measure.usedHeapAfterGc();
        Watchdog watch = Watchdog.start(impl, w, quick ? 30 : 150);
        long began = System.nanoTime();
        try {
          run(impl, w, suite, sizes, rounds, warmup);
          System.err.printf(Locale.ROOT, "%s %s took %.1f s%n", impl, w, (System.nanoTime() - began) / 1e9);
        } catch (UnsupportedOperationException e) {
          System.out.println("SKIP|" + impl + "|" + w + "|" + e.getMessage());
        } finally {
          watch.stop();
        }
      }
    }
  }

  static Suite suite(String impl) {
    return switch (impl) {
      case "weft-mt" -> new WeftSuite(true);
      case "weft-ct" -> new WeftSuite(false);
      case "weft-mt-woven" -> woven(new WeftSuite(true));
      case "weft-ct-woven" -> woven(new WeftSuite(false));
      case "vthreads" -> new VirtualThreadSuite();
      case "cf" -> new CompletableFutureSuite();
      case "kotlin" -> new KotlinSuite();
      default -> throw new IllegalArgumentException("unknown --impl " + impl);
    };
  }

  /**
   * The same workload code, from the woven build's jar (weft-bench/target/woven/benchmarks.jar):
   * its async blocks are state machines. Refuses to run from the plain jar, whose figures would
   * be the continuation engine's under the woven label.
   */
  private static Suite woven(Suite s) {
    try {
      Class.forName(WeftSuite.class.getName() + "$Woven0");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("--impl weft-*-woven needs the woven build's jar"
          + " (./weft mvn -Pwoven -pl weft-bench -am package: weft-bench/target/woven/"
          + "benchmarks.jar); this one's async blocks are not woven");
    }
    return s;
  }

  private interface Round {
    double run() throws Exception;
  }

  private static void run(String impl, String w, Suite s, Sizes z, int rounds, Warmup warmup)
      throws Exception {
    switch (w) {
      case "w1" -> timed(impl, "W1_spawn_many", "ns/task", rounds, warmup, () -> s.spawnMany(z.spawn()));
      case "w2" -> timed(impl, "W2_ping_pong", "ns/roundtrip", rounds, warmup, () -> s.pingPong(z.pingPong()));
      case "w3" -> timed(impl, "W3_mpsc", "ns/msg", rounds, warmup, () -> s.mpsc(z.perProducer()));
      case "w5" -> timed(impl, "W5_chained_spawn", "ns/spawn", rounds, warmup, () -> s.chainedSpawn(z.chain()));
      case "w7" -> timed(impl, "W7_yield_many", "ns/yield", rounds, warmup,
          () -> s.yieldMany(z.yieldTasks(), z.yields()));
      case "w4" -> {
        // Warm the code paths with enough tasks for the JIT to compile them (an idle task whose
        // frames are still interpreted when it suspends keeps a much larger stack), not the heap.
        int warm = Math.min(z.idle(), 30_000);
        s.idleMemory(warm);
        s.idleMemory(warm);
        Suite.IdleMemory m = s.idleMemory(z.idle());
        report(impl, "W4_idle_memory", "heap_per_task", "B", List.of(m.heapBytesPerTask()));
        report(impl, "W4_idle_memory", "rss_per_task", "B", List.of(m.rssBytesPerTask()));
        report(impl, "W4_idle_memory", "create_ns_per_task", "ns", List.of(m.createNanosPerTask()));
      }
      case "w6" -> {
        // W6 is by far the longest workload (a million sleepers set up, measured and ended per
        // round: 10-50 s a round here), so it runs at most W6_ROUNDS rounds. With one round, the
        // warm-up is full size, so that the round is not the first to touch this much memory.
        int timedRounds = Math.min(rounds, W6_ROUNDS);
        if (warmup.rounds() > 0) {
          s.timers(timedRounds == 1 ? z.timers() : z.timers() / 10);
        }
        List<Suite.Timers> all = new ArrayList<>();
        for (int r = 0; r < timedRounds; r++) {
          all.add(s.timers(z.timers()));
        }
        report(impl, "W6_timers", "wall", "s", all.stream().map(Suite.Timers::wallSeconds).toList());
        report(impl, "W6_timers", "loaded_lateness_p50", "ms", all.stream().map(Suite.Timers::loadedLatenessP50Ms).toList());
        report(impl, "W6_timers", "loaded_lateness_p99", "ms", all.stream().map(Suite.Timers::loadedLatenessP99Ms).toList());
        report(impl, "W6_timers", "heap_per_sleep", "B", all.stream().map(Suite.Timers::heapBytesPerSleep).toList());
        report(impl, "W6_timers", "idle_lateness_p50", "ms", all.stream().map(Suite.Timers::idleLatenessP50Ms).toList());
        report(impl, "W6_timers", "idle_lateness_p99", "ms", all.stream().map(Suite.Timers::idleLatenessP99Ms).toList());
        List<Double> timeout = all.stream().map(Suite.Timers::timeoutReadyNanos).filter(d -> !d.isNaN()).toList();
        if (!timeout.isEmpty()) {
          report(impl, "W6_timers", "timeout_ready", "ns", timeout);
        }
      }
      default -> throw new IllegalArgumentException("unknown workload " + w);
    }
  }

  private static void timed(String impl, String name, String unit, int rounds, Warmup warmup,
      Round r) throws Exception {
    long warmStart = System.nanoTime();
    for (int i = 0; i < MAX_WARMUP_ROUNDS && (i < warmup.rounds()
        || System.nanoTime() - warmStart < warmup.minNanos()); i++) {
      double v = r.run();
      System.err.printf(Locale.ROOT, "%s %s warmup %d: %.1f %s%n", impl, name, i, v, unit);
    }
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      double v = r.run();
      System.err.printf(Locale.ROOT, "%s %s round %d: %.1f %s%n", impl, name, i, v, unit);
      values.add(v);
    }
    report(impl, name, "time", unit, values);
  }

  static void report(String impl, String workload, String metric, String unit, List<Double> values) {
    StringBuilder sb = new StringBuilder("RESULT|").append(impl).append('|').append(workload)
        .append('|').append(metric).append('|').append(unit).append('|');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(String.format(Locale.ROOT, "%.3f", values.get(i)));
    }
    System.out.println(sb);
    System.out.flush();
  }

  private static String arg(String[] args, String name, String def) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }
}
