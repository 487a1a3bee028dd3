package dev.weft.time;

/** A {@link Time#timeout} expired before its future completed (unchecked, as all of weft's exceptions). */
public class Elapsed extends RuntimeException {
  public Elapsed() {
    super("deadline has elapsed");
  }

  public Elapsed(String message) {
    super(message);
  }
}
