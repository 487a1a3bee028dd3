package dev.weft.test;

/**
 * Throws a failure as it is, checked or not, the way a future fails its poll (weft passes the
 * original {@code Throwable} along, without wrapping it).
 */
final class Rethrow {
  private Rethrow() {}

  /**
   * Throws {@code t} unchanged; declared to return so a caller can write {@code throw}.
   *
   * @param t the failure to throw
   * @return never returns
   */
  static RuntimeException unchanged(Throwable t) {
    throw Rethrow.<RuntimeException>as(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E as(Throwable t) throws E {
    throw (E) t;
  }
}
