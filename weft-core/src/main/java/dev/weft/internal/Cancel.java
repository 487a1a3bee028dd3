package dev.weft.internal;

import dev.weft.future.Future;

/** Cancelling several futures so that one failing cancel does not stop the others. */
public final class Cancel {
  private Cancel() {}

  /**
   * Cancels every non-null future in {@code futures}; if some cancels threw, rethrows the first
   * with the rest suppressed, after all were cancelled.
   */
  public static void all(Future<?>[] futures) {
    Throwable failure = null;
    for (int i = 0; i < futures.length; i++) {
      Future<?> f = futures[i];
      if (f != null) {
        futures[i] = null;
        try {
          f.cancel();
        } catch (Throwable t) {
          failure = Failures.combine(failure, t);
        }
      }
    }
    if (failure != null) {
      throw Failures.sneakyThrow(failure);
    }
  }
}
