package dev.weft.io;

/**
 * Input a {@link Decoder} cannot accept: a frame that is malformed (a negative length) or longer
 * than the decoder allows. {@link Framed} stops at it: every later {@code next()} throws the same
 * exception again.
 */
public class CorruptFrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception for input that can make no frame.
   *
   * @param message what is wrong with the input, with the numbers that show it (the length
   *     announced and the limit, say)
   */
  public CorruptFrameException(String message) {
    super(message);
  }
}
