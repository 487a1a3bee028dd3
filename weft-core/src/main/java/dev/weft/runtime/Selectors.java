package dev.weft.runtime;

/**
 * How a multi-thread runtime's workers share the I/O driver: one selector per worker (Netty's
 * shape: a socket is served by the worker whose task first polled it, and a sleeping worker
 * waits in its own selector) or one shared selector that whichever worker sleeps on the driver
 * waits in (tokio's and Go's shape). A current-thread runtime has one selector either way.
 *
 * <p>The default is {@link #PER_WORKER}; the system property {@code weft.io.selectors}
 * ({@code per-worker} or {@code shared}) picks the other, for measuring both.
 */
enum Selectors {
  PER_WORKER,
  SHARED;

  static Selectors fromSystemProperty() {
    String p = System.getProperty("weft.io.selectors", "per-worker");
    return switch (p) {
      case "per-worker" -> PER_WORKER;
      case "shared" -> SHARED;
      default -> throw new IllegalArgumentException(
          "weft.io.selectors must be per-worker or shared, got '" + p + "'");
    };
  }
}
