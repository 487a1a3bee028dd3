package dev.weft.bench.workloads;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Helpers shared by the suites: heap and RSS readings, percentiles, random sleep lengths. The
 * echo servers of the network workloads ({@code dev.weft.bench.net}) read heap and RSS with it
 * too.
 */
public final class Measure {
  private Measure() {}

  /**
   * W6's "timeout ready": how many runs of a million timeouts each round makes; the last run's
   * figure is reported. Each run polls one block that loops a million times, so its code is
   * compiled on the stack (OSR) and reaches the JIT's final form only after a few runs: with a
   * single run, every JVM implementation's first full-size round read well above its second
   * (weft's four builds 44-55 ns against 31-39 in the run of 2026-12-07 03:24; one woven
   * process with four extra runs of its own read 69, 42, 32, 32 ns), so the cell's median
   * mixed cold and warm figures. The other implementations do the same, tokio's included.
   */
  static final int TIMEOUT_READY_RUNS = 3;

  /** Live heap after a full collection (several, until the reading settles). */
  public static long usedHeapAfterGc() {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (Math.abs(last - used) < 64 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }

  /** This process's resident set size in bytes (Linux), or 0 elsewhere. */
  public static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** The p-th percentile (0..100) of {@code values}, which it sorts. */
  static double percentile(long[] values, int count, double p) {
    long[] v = Arrays.copyOf(values, count);
    Arrays.sort(v);
    if (v.length == 0) {
      return 0;
    }
    int i = (int) Math.min(v.length - 1, Math.max(0, Math.round(p / 100.0 * (v.length - 1))));
    return v[i];
  }

  /** Deterministic sleep lengths 1..1000 ms for W6, the same for every implementation. */
  static int[] sleepMillis(int n) {
    int[] ms = new int[n];
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      ms[i] = 1 + (int) Math.floorMod(x, 1000L);
    }
    return ms;
  }
}
