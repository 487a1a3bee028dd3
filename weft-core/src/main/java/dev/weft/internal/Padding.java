package dev.weft.internal;

/**
 * Keeps one worker's hot fields off the cache lines of its neighbours. A worker's objects (its
 * queue, counters, parker) are allocated next to the other workers', and a field one worker
 * writes on every poll must not share a 64-byte line with one another worker reads or writes
 * (false sharing: measured here as a yield costing 3x more once tasks ran on both workers).
 *
 * <p>Java lays out a superclass's fields before a subclass's, so a class that extends {@link
 * Before} starts with 128 bytes of padding whatever the JVM does to order its own fields. When
 * every object with hot per-worker fields does this (Worker, LocalQueue, Parker, WorkerStats,
 * ThreadState), two workers' hot fields are always at least 128 bytes apart, in whatever order
 * the objects end up in memory.
 */
public final class Padding {
  private Padding() {}

  /** 128 bytes of padding before the fields of a subclass. */
  public abstract static class Before {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
  }
}
