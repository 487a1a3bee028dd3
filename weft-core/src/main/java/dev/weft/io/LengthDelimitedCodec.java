package dev.weft.io;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Frames of bytes, each sent as its length in 4 bytes, big-endian, then the bytes (tokio-util's
 * {@code LengthDelimitedCodec} with its default settings).
 *
 * <p>A frame may be at most {@code maxFrameLength} bytes (8 MiB by default). A header that
 * announces more, or a negative length, is a {@link CorruptFrameException} as soon as the 4
 * header bytes are there, before any of the body is read or buffered. The stream cannot be
 * resynchronised after that: the bad header stays unread, and decoding again throws again.
 *
 * <p>The header is read byte by byte, so the byte order set on the buffer given to
 * {@link #decode} does not matter.
 */
public final class LengthDelimitedCodec implements Codec<byte[], byte[]> {
  private static final int DEFAULT_MAX_FRAME_LENGTH = 8 * 1024 * 1024;
  private static final int HEADER = 4;

  private final int maxFrameLength;

  /** Frames of at most 8 MiB. */
  public LengthDelimitedCodec() {
    this(DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * Frames of at most {@code maxFrameLength} bytes.
   *
   * @param maxFrameLength the longest frame, in bytes, header not counted; at least 1. It bounds
   *     both directions: a longer frame is refused by {@link #decode} and by {@link #encode}
   * @throws IllegalArgumentException if {@code maxFrameLength < 1}
   */
  public LengthDelimitedCodec(int maxFrameLength) {
    if (maxFrameLength < 1) {
      throw new IllegalArgumentException("maxFrameLength must be at least 1: " + maxFrameLength);
    }
    this.maxFrameLength = maxFrameLength;
  }

  /**
   * The largest frame accepted, in bytes.
   *
   * @return the limit given to the constructor (8 MiB by default), header not counted
   */
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /**
   * The next frame, or empty when its header or body is not all there yet.
   *
   * @throws CorruptFrameException when the header announces a negative length or more than
   *     {@code maxFrameLength} bytes
   */
  @Override
  public Optional<byte[]> decode(ByteBuffer src) {
    if (src.remaining() < HEADER) {
      return Optional.empty();
    }
    int p = src.position();
    int length = (src.get(p) & 0xFF) << 24 | (src.get(p + 1) & 0xFF) << 16
        | (src.get(p + 2) & 0xFF) << 8 | src.get(p + 3) & 0xFF;
    if (length < 0) {
      throw new CorruptFrameException("negative frame length in the header: " + length);
    }
    if (length > maxFrameLength) {
      throw new CorruptFrameException("frame of " + length + " bytes announced, the limit is "
          + maxFrameLength + " bytes");
    }
    if (src.remaining() - HEADER < length) {
      return Optional.empty();
    }
    byte[] frame = new byte[length];
    src.get(p + HEADER, frame);
    src.position(p + HEADER + length);
    return Optional.of(frame);
  }

  /**
   * Appends the length of {@code frame} and its bytes.
   *
   * @throws IllegalArgumentException if {@code frame} is longer than {@code maxFrameLength}: the
   *     peer's decoder would refuse it
   */
  @Override
  public void encode(byte[] frame, WriteBuffer out) {
    Objects.requireNonNull(frame, "frame");
    if (frame.length > maxFrameLength) {
      throw new IllegalArgumentException("frame of " + frame.length + " bytes, the limit is "
          + maxFrameLength + " bytes");
    }
    out.putInt(frame.length).put(frame);
  }
}
