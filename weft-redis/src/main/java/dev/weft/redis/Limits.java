package dev.weft.redis;

/**
 * The bounds on what one connection may make the server hold, Redis's defaults unless said:
 * request sizes (checked on each header before allocating), the query buffer, and the output
 * buffers after which a client is disconnected.
 */
final class Limits {
  /** Longest bulk string in a request (proto-max-bulk-len): 512 MB. */
  long maxBulk = 512L * 1024 * 1024;
  /** Longest inline request or header line without its end of line: 64 KB. */
  int maxInline = 64 * 1024;
  /** Most arguments in one request: 1,048,576. */
  long maxMultibulk = 1024 * 1024;
  /** Most argument bytes in one request (client-query-buffer-limit): 1 GB. */
  long maxQuery = 1024L * 1024 * 1024;
  /**
   * Unsent replies after which a normal client is disconnected. Redis sets no limit for normal
   * clients; without one, a client that pipelines requests and never reads would grow the
   * server without bound, so weft-redis draws the line at 256 MB (checked before each command,
   * so one large reply to a client that reads still goes out).
   */
  long normalOutputHard = 256L * 1024 * 1024;
  /** Unsent messages and replies after which a pub/sub subscriber is disconnected: 32 MB. */
  long pubsubOutputHard = 32L * 1024 * 1024;
  /** How long a graceful shutdown waits for replies to flush before closing: 5 s. */
  long shutdownFlushMillis = 5_000;
}
