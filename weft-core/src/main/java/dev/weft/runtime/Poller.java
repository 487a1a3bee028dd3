package dev.weft.runtime;

/**
 * A runtime thread that polls tasks, as the {@link Watchdog} and a task dump see it from
 * another thread: a multi-thread {@link Worker}, or the core of a {@link CurrentThreadScheduler}.
 * The poller publishes which task it polls with one store before each poll (into a
 * {@link PollSlot}, which keeps that store cheap), and whether it is inside a poll; every
 * reading here is a racy snapshot.
 */
interface Poller {
  /** The thread that polls now (for its stack), or null if none does. */
  Thread pollingThread();

  /** True while the poller is inside a poll. */
  boolean inPoll();

  /** A counter that changes with every poll: the same value in two readings, the same poll. */
  long pollCount();

  /** The task being polled, or null (the current-thread runtime's blockOn future). */
  RawTask<?> pollingTask();

  /** The worker's index, or -1 for the current-thread runtime's core. */
  int workerIndex();
}
