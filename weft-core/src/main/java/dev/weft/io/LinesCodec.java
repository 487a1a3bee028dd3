package dev.weft.io;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Lines of UTF-8 text (tokio-util's {@code LinesCodec}): a line ends at {@code \n} or
 * {@code \r\n}, which the decoded frame does not include; {@link #encode} writes the line and
 * {@code \n}.
 *
 * <p>A line may be at most {@code maxLength} bytes, terminator not counted (65,536 by default).
 * A longer one is a {@link CorruptFrameException}, found as soon as the bytes read show it, so
 * the decoder never needs more than {@code maxLength + 2} bytes buffered (the line, {@code \r}
 * and {@code \n}): a peer that sends no newline cannot make it buffer without bound. After that
 * exception the decoder skips the rest of the long line, and the next {@link #decode} goes on
 * from the line after it ({@link Framed} stops at the first one instead).
 *
 * <p>At the end of the stream, {@link #decodeEof} returns a last line that has no terminator as
 * a frame, as {@link BufReader#readLine()} does; a {@code \r} alone is not a terminator and
 * stays in it. Malformed UTF-8 becomes U+FFFD, as {@code new String(bytes, UTF_8)} makes it.
 *
 * <p>{@link #encode} does not look inside the line: one that holds a {@code \n} is read back as
 * two.
 */
public final class LinesCodec implements Codec<String, String> {
  private static final int DEFAULT_MAX_LENGTH = 65_536;

  private final int maxLength;
  private int scanned;         // bytes after scannedFrom already searched for '\n' in vain
  private ByteBuffer scannedIn; // the buffer `scanned` was measured on (null: none)
  private int scannedFrom;      // and its position then
  private boolean discarding;   // skipping the rest of a line that was too long

  /** Lines of at most 65,536 bytes. */
  public LinesCodec() {
    this(DEFAULT_MAX_LENGTH);
  }

  /**
   * Lines of at most {@code maxLength} bytes, terminator not counted.
   *
   * @param maxLength the longest line decoded, in UTF-8 bytes, terminator not counted; at least
   *     1. It bounds what the decoder buffers ({@code maxLength + 2} bytes); {@link #encode}
   *     does not check it
   * @throws IllegalArgumentException if {@code maxLength < 1}
   */
  public LinesCodec(int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1: " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /**
   * The longest line accepted, in bytes.
   *
   * @return the limit given to the constructor (65,536 by default), terminator not counted
   */
  public int maxLength() {
    return maxLength;
  }

  /**
   * The next line, or empty when no whole line is there yet.
   *
   * <p>While a line arrives, the decoder remembers how far it looked, so each byte is searched
   * once over the calls that wait for it, as long as they pass the same buffer at the same
   * position with more bytes after the limit. A different buffer or position is searched from
   * its start ({@link Framed} passes a new one only when it doubles its buffer or moves a partial
   * line to the front, so the searching stays linear in the bytes read).
   *
   * @throws CorruptFrameException when the line is longer than {@code maxLength}
   */
  @Override
  public Optional<String> decode(ByteBuffer src) {
    int start = src.position();
    int limit = src.limit();
    if (discarding) {
      int newline = Bytes.indexOf(src, start, limit, (byte) '\n');
      if (newline < 0) {
        src.position(limit);
        return Optional.empty();
      }
      discarding = false;
      start = newline + 1;
      src.position(start);
    }
    if (src != scannedIn || start != scannedFrom) {
      scanned = 0; // what was searched is not known to be these bytes
    }
    // The longest acceptable line, its '\r' and its '\n'; no need to look further.
    int scanEnd = (int) Math.min(limit, (long) start + maxLength + 2);
    int newline = Bytes.indexOf(src, Math.min(start + scanned, scanEnd), scanEnd, (byte) '\n');
    if (newline >= 0) {
      forgetScan();
      int end = newline > start && src.get(newline - 1) == '\r' ? newline - 1 : newline;
      src.position(newline + 1);
      if (end - start > maxLength) {
        throw tooLong(end - start + " bytes");
      }
      return Optional.of(Bytes.utf8(src, start, end - start));
    }
    scanned = scanEnd - start;
    scannedIn = src;
    scannedFrom = start;
    // Without a '\n' in sight the line is at least `scanned` bytes, or one less if the last
    // byte seen is a '\r' that the next byte may turn into a terminator.
    if (scanned > maxLength
        && (scanned > maxLength + 1 || src.get(scanEnd - 1) != '\r')) {
      forgetScan();
      discarding = true;
      src.position(scanEnd);
      throw tooLong("more than " + maxLength + " bytes");
    }
    return Optional.empty();
  }

  /**
   * {@link #decode}, and at the very end the bytes left (no terminator after them) as the last
   * line.
   *
   * @throws CorruptFrameException when a line is longer than {@code maxLength}
   */
  @Override
  public Optional<String> decodeEof(ByteBuffer src) {
    Optional<String> line = decode(src);
    if (line.isPresent() || !src.hasRemaining()) {
      return line;
    }
    int start = src.position();
    int length = src.remaining();
    src.position(src.limit());
    forgetScan();
    if (discarding) {
      discarding = false;
      return Optional.empty();
    }
    if (length > maxLength) {
      throw tooLong(length + " bytes");
    }
    return Optional.of(Bytes.utf8(src, start, length));
  }

  /** Appends {@code line} in UTF-8, then {@code \n}. */
  @Override
  public void encode(String line, WriteBuffer out) {
    Objects.requireNonNull(line, "line");
    out.putUtf8(line).put((byte) '\n');
  }

  private void forgetScan() {
    scanned = 0;
    scannedIn = null;
  }

  /** How many bytes after the position the last {@link #decode} searched in vain (for tests). */
  int scannedAhead() {
    return scanned;
  }

  private CorruptFrameException tooLong(String length) {
    return new CorruptFrameException(
        "line too long: " + length + ", the limit is " + maxLength + " bytes");
  }
}
