package dev.weft.bench.workloads;

/**
 * One implementation of the workloads. Each method runs one round and returns its measurement;
 * a method an implementation cannot express throws {@link UnsupportedOperationException}.
 * Sizes come from the caller so that a quick mode can shrink them.
 */
interface Suite extends AutoCloseable {
  /** W1: from inside the runtime, spawn {@code n} trivial tasks; ns per task. */
  double spawnMany(int n) throws Exception;

  /** W2: two tasks exchange a token {@code n} round trips over two capacity-1 channels; ns per round trip. */
  double pingPong(int n) throws Exception;

  /** W3: 4 producers each send {@code perProducer} longs into one channel of 1,024; ns per message. */
  double mpsc(int perProducer) throws Exception;

  /** W4: {@code n} tasks each suspended on its own never-completed one-shot. */
  IdleMemory idleMemory(int n) throws Exception;

  /** W5: each task spawns the next, a chain of {@code n}; ns per spawn. */
  double chainedSpawn(int n) throws Exception;

  /** W6: {@code n} concurrent sleeps of random 1..1000 ms. */
  Timers timers(int n) throws Exception;

  /** W7: {@code tasks} tasks each yield {@code yields} times; ns per yield. */
  double yieldMany(int tasks, int yields) throws Exception;

  /** What the report should say about the versions this suite runs on, or "" for nothing. */
  default String version() {
    return "";
  }

  @Override
  default void close() throws Exception {}

  /** W4's figures: heap retained and RSS growth per idle task, creation time per task. */
  record IdleMemory(double heapBytesPerTask, double rssBytesPerTask, double createNanosPerTask) {}

  /**
   * W6's figures: wall time of the whole run and lateness percentiles under that load; heap per
   * pending sleep; lateness percentiles of single sleeps on an otherwise idle runtime; the cost
   * of a timeout around an already completed future (NaN where the peer has no such thing).
   */
  record Timers(double wallSeconds, double loadedLatenessP50Ms, double loadedLatenessP99Ms,
      double heapBytesPerSleep, double idleLatenessP50Ms, double idleLatenessP99Ms,
      double timeoutReadyNanos) {}
}
