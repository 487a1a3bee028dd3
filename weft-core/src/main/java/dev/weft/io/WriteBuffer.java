package dev.weft.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growable byte buffer that encoders write into (tokio's {@code BytesMut} in the role of an
 * encoder's destination). Not thread-safe: one writer at a time.
 *
 * <p>{@link Framed} keeps one for the life of the stream: frames are appended at the end, and
 * what the stream has written is taken from the front, so the same array serves every frame.
 *
 * <h2>Implementation overview</h2>
 * The bytes held are {@code bytes[readIndex, end)}. {@code readIndex} moves only when
 * {@code Framed} writes bytes out ({@link #unwritten()}, {@link #consumedTo}); when everything
 * was written both indices go back to 0. Before the array grows, the held bytes are moved to its
 * start, so a buffer that is written out as fast as it is filled never grows.
 */
public final class WriteBuffer {
  private static final int DEFAULT_CAPACITY = 256;
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8; // what the JVM allows an array

  private byte[] bytes;
  private int readIndex; // first byte not yet written out
  private int end;       // one past the last byte held
  private ByteBuffer view; // over bytes, for writing out; remade when the array is replaced

  /** A buffer whose first array holds 256 bytes; it grows as bytes are appended. */
  public WriteBuffer() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * A buffer whose first array holds {@code initialCapacity} bytes.
   *
   * @param initialCapacity the length of the first array, in bytes; at least 1. It is not a
   *     limit: the array grows as bytes are appended
   * @throws IllegalArgumentException if {@code initialCapacity < 1}
   */
  public WriteBuffer(int initialCapacity) {
    if (initialCapacity < 1) {
      throw new IllegalArgumentException("initialCapacity must be at least 1: " + initialCapacity);
    }
    bytes = new byte[initialCapacity];
  }

  /**
   * A copy of the bytes held (for tests of a codec).
   *
   * @return a new array of the bytes held, oldest first; the buffer is left as it was
   */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(bytes, readIndex, end);
  }

  /**
   * The number of bytes held.
   *
   * @return the bytes appended and not yet written out, 0 or more
   */
  public int size() {
    return end - readIndex;
  }

  /**
   * Appends one byte.
   *
   * @param b the byte
   * @return this buffer, for chaining
   */
  public WriteBuffer put(byte b) {
    ensureRoom(1);
    bytes[end++] = b;
    return this;
  }

  /**
   * Appends every byte of {@code src}.
   *
   * @param src the bytes to append; non-null, and copied: the caller keeps it
   * @return this buffer, for chaining
   * @throws NullPointerException if {@code src} is null
   */
  public WriteBuffer put(byte[] src) {
    return put(src, 0, src.length);
  }

  /**
   * Appends {@code src[offset, offset + length)}.
   *
   * @param src the array that holds the bytes; non-null, and copied: the caller keeps it
   * @param offset the index in {@code src} of the first byte to append; 0 or more
   * @param length how many bytes to append; 0 or more, with {@code offset + length} at most
   *     {@code src.length}
   * @return this buffer, for chaining
   * @throws IndexOutOfBoundsException if the range is not inside {@code src}
   */
  public WriteBuffer put(byte[] src, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, src.length);
    ensureRoom(length);
    System.arraycopy(src, offset, bytes, end, length);
    end += length;
    return this;
  }

  /**
   * Appends {@code src}'s remaining bytes and moves its position to its limit.
   *
   * @param src the bytes to append, from its position to its limit; non-null, and copied: the
   *     caller keeps it (only its position moves)
   * @return this buffer, for chaining
   */
  public WriteBuffer put(ByteBuffer src) {
    int n = src.remaining();
    ensureRoom(n);
    src.get(bytes, end, n);
    end += n;
    return this;
  }

  /**
   * Appends {@code v} in 4 bytes, big-endian (network order).
   *
   * @param v the value, any int (a negative one is written in two's complement)
   * @return this buffer, for chaining
   */
  public WriteBuffer putInt(int v) {
    ensureRoom(4);
    bytes[end] = (byte) (v >>> 24);
    bytes[end + 1] = (byte) (v >>> 16);
    bytes[end + 2] = (byte) (v >>> 8);
    bytes[end + 3] = (byte) v;
    end += 4;
    return this;
  }

  /**
   * Appends {@code s} encoded in UTF-8, without an intermediate array. A lone surrogate is written
   * as {@code '?'}, as {@code String.getBytes(UTF_8)} does.
   *
   * @param s the text to append; non-null, and read during the call only (no terminator or
   *     length is added)
   * @return this buffer, for chaining
   */
  public WriteBuffer putUtf8(CharSequence s) {
    int n = s.length();
    ensureRoom(n);
    int i = 0;
    for (; i < n; i++) { // the ASCII prefix, one byte a char
      char c = s.charAt(i);
      if (c >= 0x80) {
        break;
      }
      bytes[end++] = (byte) c;
    }
    if (i < n) {
      ensureRoom((int) Math.min(MAX_CAPACITY, 3L * (n - i)));
      for (; i < n; i++) {
        i = putUtf8Char(s, i, n);
      }
    }
    return this;
  }

  /** Writes the char at {@code i} (and its low surrogate); returns the index of the last read. */
  private int putUtf8Char(CharSequence s, int i, int n) {
    char c = s.charAt(i);
    if (c < 0x80) {
      bytes[end++] = (byte) c;
    } else if (c < 0x800) {
      bytes[end++] = (byte) (0xC0 | c >> 6);
      bytes[end++] = (byte) (0x80 | c & 0x3F);
    } else if (!Character.isSurrogate(c)) {
      put3(c);
    } else if (Character.isHighSurrogate(c) && i + 1 < n
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, s.charAt(i + 1));
      bytes[end++] = (byte) (0xF0 | cp >> 18);
      bytes[end++] = (byte) (0x80 | cp >> 12 & 0x3F);
      bytes[end++] = (byte) (0x80 | cp >> 6 & 0x3F);
      bytes[end++] = (byte) (0x80 | cp & 0x3F);
      return i + 1;
    } else {
      bytes[end++] = '?';
    }
    return i;
  }

  private void put3(char c) {
    bytes[end++] = (byte) (0xE0 | c >> 12);
    bytes[end++] = (byte) (0x80 | c >> 6 & 0x3F);
    bytes[end++] = (byte) (0x80 | c & 0x3F);
  }

  @Override
  public String toString() {
    return "WriteBuffer[" + size() + " bytes]";
  }

  // ---- for Framed: writing the bytes out from the front ----

  /**
   * The bytes held, as a buffer in read mode (position at the first, limit after the last); the
   * same object each time while the array stays. Hand its position to {@link #consumedTo} after
   * writing from it.
   */
  ByteBuffer unwritten() {
    if (view == null || view.array() != bytes) {
      view = ByteBuffer.wrap(bytes);
    }
    view.limit(end).position(readIndex);
    return view;
  }

  /** The bytes before {@code position} (a position of {@link #unwritten()}) were written out. */
  void consumedTo(int position) {
    readIndex = position;
    if (readIndex == end) {
      readIndex = 0;
      end = 0;
    }
  }

  /** Drops the bytes appended after the first {@code heldBytes}: a failed encode's half frame. */
  void truncate(int heldBytes) {
    end = readIndex + heldBytes;
  }

  /** Drops every byte held. */
  void clear() {
    readIndex = 0;
    end = 0;
  }

  /** The length of the array (for tests of how far the buffer grew). */
  int capacity() {
    return bytes.length;
  }

  private void ensureRoom(int n) {
    if (n <= bytes.length - end) {
      return;
    }
    int held = end - readIndex;
    if ((long) held + n > MAX_CAPACITY) {
      throw new OutOfMemoryError(
          "a WriteBuffer cannot hold more than " + MAX_CAPACITY + " bytes");
    }
    if (readIndex > 0 && held + n <= bytes.length) {
      System.arraycopy(bytes, readIndex, bytes, 0, held);
    } else {
      int capacity = (int) Math.min(MAX_CAPACITY, Math.max(2L * bytes.length, (long) held + n));
      byte[] grown = new byte[capacity];
      System.arraycopy(bytes, readIndex, grown, 0, held);
      bytes = grown;
    }
    readIndex = 0;
    end = held;
  }
}
