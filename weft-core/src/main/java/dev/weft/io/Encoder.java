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
   */
  void encode(T item, WriteBuffer out);
}
