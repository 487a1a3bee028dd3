package dev.weft.internal;

import java.lang.ref.Cleaner;

/**
 * The library's one {@link Cleaner}: Rust's drop for handles that the user forgot to close.
 *
 * <p>A channel handle that becomes unreachable without {@code close()} is closed by this
 * cleaner's thread, so the other end is not left waiting forever. The cleaning action must not
 * reference the handle it cleans (else the handle never becomes unreachable): it holds only the
 * shared state it must update, and it must be thread-safe, as it runs on the cleaner's thread.
 */
public final class Cleaners {
  private Cleaners() {}

  /** The shared cleaner; its single daemon thread is named {@code weft-cleaner}. */
  public static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = new Thread(r, "weft-cleaner");
    t.setDaemon(true);
    return t;
  });
}
