package dev.weft.io;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives a {@link Decoder} as {@link Framed} does, without a stream: bytes are appended to a
 * buffer in read mode, the decoder is called until it needs more, and at the end
 * {@link Decoder#decodeEof} until it gives empty. Keeps the frames and the most bytes that were
 * ever left buffered after a decode.
 */
final class CodecFeeder<T> {
  private final Decoder<T> decoder;
  private ByteBuffer buf;
  private final List<T> frames = new ArrayList<>();
  private int mostBuffered;

  CodecFeeder(Decoder<T> decoder) {
    this(decoder, 16);
  }

  /** A feeder whose buffer starts with room for {@code capacity} bytes (and doubles as needed). */
  CodecFeeder(Decoder<T> decoder, int capacity) {
    this.decoder = decoder;
    this.buf = ByteBuffer.allocate(capacity).limit(0);
  }

  /** Appends {@code chunk} and decodes every frame it completes. */
  CodecFeeder<T> feed(byte[] chunk) {
    return feed(chunk, 0, chunk.length);
  }

  CodecFeeder<T> feed(byte[] chunk, int offset, int length) {
    if (buf.capacity() - buf.limit() < length) {
      int capacity = Math.max(2 * buf.capacity(), buf.remaining() + length);
      ByteBuffer grown = ByteBuffer.allocate(capacity);
      grown.put(buf).flip();
      buf = grown;
    }
    int position = buf.position();
    buf.limit(buf.limit() + length);
    buf.put(buf.limit() - length, chunk, offset, length);
    buf.position(position);
    Optional<T> frame;
    while ((frame = decoder.decode(buf)).isPresent()) {
      frames.add(frame.get());
    }
    mostBuffered = Math.max(mostBuffered, buf.remaining());
    return this;
  }

  /** Feeds {@code bytes} one at a time. */
  CodecFeeder<T> feedByteByByte(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      feed(bytes, i, 1);
    }
    return this;
  }

  /** The end of the stream: decodeEof until it gives empty. */
  List<T> end() {
    Optional<T> frame;
    while ((frame = decoder.decodeEof(buf)).isPresent()) {
      frames.add(frame.get());
    }
    return frames;
  }

  List<T> frames() {
    return frames;
  }

  int buffered() {
    return buf.remaining();
  }

  int mostBuffered() {
    return mostBuffered;
  }
}
