package dev.weft.redis;

/**
 * Input that is not RESP: the connection answers {@code -ERR Protocol error: ...} (when a reply
 * is due) and then closes, as Redis does. No stack trace: it is the peer's mistake.
 */
final class ProtocolError extends RuntimeException {
  private final boolean replied;

  ProtocolError(String message, boolean replied) {
    super(message, null, false, false);
    this.replied = replied;
  }

  /** Redis answers most protocol errors; a few (query buffer overflow) close silently. */
  boolean replied() {
    return replied;
  }
}
