package dev.weft.redis;

/**
 * A command's error reply, thrown from deep inside a command and written by the connection as
 * {@code -<message>}. It is the reply, not a failure of the server: it carries no stack trace.
 */
final class RedisError extends RuntimeException {
  RedisError(String message) {
    super(message, null, false, false);
  }
}
