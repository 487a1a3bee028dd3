package dev.weft.sync;

/**
 * A channel operation that cannot succeed because the other side is closed: a send after the
 * receiver closed, a {@link Oneshot} receiver whose sender closed without sending, a
 * {@link Watch.Receiver#changed()} after the sender closed, a {@code tryRecv} on a closed and
 * drained channel. Unchecked, as every exception of weft.
 */
public class ChannelClosedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a generic message. */
  public ChannelClosedException() {
    super("the channel is closed");
  }

  /**
   * With {@code message}.
   *
   * @param message what was closed
   */
  public ChannelClosedException(String message) {
    super(message);
  }
}
