package dev.weft.sync;

/**
 * A {@link Broadcast} receiver fell more than the channel's capacity behind: {@link #skipped()}
 * values were overwritten before it could see them. Reported once by {@code recv()}; the
 * receiver then continues from the oldest value still kept.
 */
public class LaggedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How many values the receiver missed. */
  private final long skipped;

  /**
   * A lag of {@code skipped} values.
   *
   * @param skipped how many values the receiver missed
   */
  public LaggedException(long skipped) {
    super("the receiver lagged behind and missed " + skipped + " values");
    this.skipped = skipped;
  }

  /**
   * How many values this receiver missed.
   *
   * @return the number of missed values
   */
  public long skipped() {
    return skipped;
  }
}
