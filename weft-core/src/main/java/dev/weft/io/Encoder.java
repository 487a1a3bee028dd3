package dev.weft.io;

/**
 * Turns frames into bytes: the writing half of a {@link Codec} (tokio-util's {@code Encoder}).
 *
 * @param <T> the frames
 */
public interface Encoder<T> {

  /**
   * Appends the bytes of {@code item} to {@code out}. {@code out} may already hold earlier frames
   * that are not written yet: append, never clear. If this throws, whatever it appended is taken
   * back by {@link Framed}, so a failed encode leaves no half frame in the stream.
   *
   * @param item the frame to encode; non-null ({@link Framed} refuses a null frame before it
   *     gets here)
   * @param out the buffer to append the bytes to; non-null, and the caller's: append to it
   *     during the call only, and keep no reference to it
   */
  void encode(T item, WriteBuffer out);
}
