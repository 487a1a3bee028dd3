package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): a class range in a glob
 * compared bytes as unsigned, so {@code [\x00-\xff]} matched every byte; Redis compares them as
 * (signed) chars, so that range is [-1, 0] and matches only 0xff and 0x00, and KEYS/SCAN MATCH
 * answered different keys.
 */
class GlobRangeSignedBytesTest {
  private static byte[] b(int... xs) {
    byte[] r = new byte[xs.length];
    for (int i = 0; i < xs.length; i++) {
      r[i] = (byte) xs[i];
    }
    return r;
  }

  @Test
  void rangesCompareBytesAsSignedChars() {
    byte[] all = b('[', 0x00, '-', 0xff, ']');
    assertTrue(Glob.matches(all, b(0xff)));
    assertTrue(Glob.matches(all, b(0x00)));
    assertFalse(Glob.matches(all, b('a')));
    byte[] high = b('[', 0x80, '-', 0xff, ']');
    assertTrue(Glob.matches(high, b(0x90)));
    assertFalse(Glob.matches(high, b('a')));
    assertTrue(Glob.matches(b('[', 'a', '-', 'c', ']'), b('b')));
    assertFalse(Glob.matches(b('[', 'a', '-', 'c', ']'), b(0xe2)));
  }
}
