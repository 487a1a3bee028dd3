package dev.weft.runtime;

import dev.weft.internal.coro.Continuations;

/**
 * How a multi-thread runtime's workers share the I/O driver: one selector per worker (Netty's
 * shape: a socket is served by the worker whose task first polled it, and a sleeping worker
 * waits in its own selector) or one shared selector that whichever worker sleeps on the driver
 * waits in (tokio's and Go's shape). A current-thread runtime has one selector either way.
 *
 * <p>The default follows what the tasks can do. A task that holds a suspended coroutine is
 * pinned to its worker, so its socket is best served by that worker's own selector: a shared
 * one would hand every wake-up to another thread (W8 echo, measured: 110-165k round trips a
 * second shared against 176-223k per worker). Without the coroutine engine (a JVM without its
 * flag: every async block woven, or poll-based futures) no task is pinned, and one shared
 * selector lets whichever worker is running serve any socket: when a worker is preempted, its
 * connections do not wait for it (W8 echo, woven server: p99 0.44-0.59 ms shared against
 * 1.3-4.1 ms per worker, the same throughput; see weft-bench/results/MT-TAIL.md). So the default
 * is {@link #PER_WORKER} when the coroutine engine is available and {@link #SHARED} when it is
 * not; the system property {@code weft.io.selectors} ({@code per-worker} or {@code shared})
 * chooses either.
 */
enum Selectors {
  PER_WORKER,
  SHARED;

  static Selectors fromSystemProperty() {
    String p = System.getProperty("weft.io.selectors");
    if (p == null) {
      return Continuations.available() ? PER_WORKER : SHARED;
    }
    return switch (p) {
      case "per-worker" -> PER_WORKER;
      case "shared" -> SHARED;
      default -> throw new IllegalArgumentException(
          "weft.io.selectors must be per-worker or shared, got '" + p + "'");
    };
  }
}
