package dev.weft.io;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Turns bytes into frames: the reading half of a {@link Codec} (tokio-util's {@code Decoder}).
 *
 * <p>{@link Framed} calls {@link #decode} with the bytes it has read and not yet framed; when it
 * returns empty, {@code Framed} reads more and calls again with the same bytes plus the new ones
 * (the unread part may have moved to the start of a larger buffer, so keep offsets relative to
 * {@code src.position()}). A decoder may keep state between calls (how far it already looked,
 * say); an instance belongs to one stream.
 *
 * @param <T> the frames
 */
public interface Decoder<T> {

  /**
   * Decodes one frame from {@code src}, which is in read mode (its bytes from position to limit
   * are unread).
   *
   * @param src the bytes read and not yet framed, from its position to its limit; non-null,
   *     and the caller's: move its position past the bytes of a frame returned, and change
   *     neither its bytes nor its limit
   * @return the frame, with {@code src}'s position moved past its bytes; or empty, with the
   *     position where it was, when more bytes are needed
   * @throws CorruptFrameException for input that can never make a frame
   */
  Optional<T> decode(ByteBuffer src);

  /**
   * Decodes at the end of the stream: {@code src} holds the last bytes and no more will come.
   * {@code Framed} calls it until it returns empty, which ends the stream of frames.
   *
   * <p>By default: {@link #decode}, and if that needs more bytes while some are left, a
   * {@link CorruptFrameException} (the stream ended inside a frame).
   *
   * @param src the last bytes not yet framed, from its position to its limit; non-null and the
   *     caller's, as for {@link #decode}
   * @return the next frame, with {@code src}'s position moved past its bytes; or empty when no
   *     frame is left, which ends the stream of frames
   * @throws CorruptFrameException when leftover bytes make no frame
   */
  default Optional<T> decodeEof(ByteBuffer src) {
    Optional<T> frame = decode(src);
    if (frame.isPresent() || !src.hasRemaining()) {
      return frame;
    }
    throw new CorruptFrameException(
        "the stream ended inside a frame: " + src.remaining() + " bytes left make no frame");
  }
}
