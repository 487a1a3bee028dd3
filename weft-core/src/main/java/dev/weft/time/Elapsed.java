package dev.weft.time;

/** A {@link Time#timeout} expired before its future completed (unchecked, as all of weft's exceptions). */
public class Elapsed extends RuntimeException {
  /** With the message "deadline has elapsed". */
  public Elapsed() {
    super("deadline has elapsed");
  }

  /**
   * With {@code message}.
   *
   * @param message the detail message
   */
  public Elapsed(String message) {
    super(message);
  }
}
