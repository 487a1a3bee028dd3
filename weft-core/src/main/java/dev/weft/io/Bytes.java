package dev.weft.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Byte searches and UTF-8 decoding over buffers, shared by the line readers of this package. */
final class Bytes {
  private Bytes() {}

  /** The index of the first {@code b} in {@code src[from, to)} (absolute indices), or -1. */
  static int indexOf(ByteBuffer src, int from, int to, byte b) {
    if (src.hasArray()) {
      byte[] a = src.array();
      int offset = src.arrayOffset();
      for (int i = from + offset, end = to + offset; i < end; i++) {
        if (a[i] == b) {
          return i - offset;
        }
      }
      return -1;
    }
    for (int i = from; i < to; i++) {
      if (src.get(i) == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The UTF-8 text of {@code src[index, index + length)} (absolute indices; the position does not
   * move). Malformed input becomes U+FFFD, as {@code new String(bytes, UTF_8)} makes it.
   */
  static String utf8(ByteBuffer src, int index, int length) {
    if (src.hasArray()) {
      return new String(src.array(), src.arrayOffset() + index, length, StandardCharsets.UTF_8);
    }
    byte[] copy = new byte[length];
    src.get(index, copy);
    return new String(copy, StandardCharsets.UTF_8);
  }
}
