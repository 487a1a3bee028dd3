package dev.weft.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-string helpers: keys and values are binary-safe byte arrays, and numbers are parsed and
 * printed the way Redis does (no leading zeros, no sign but '-', no spaces).
 */
final class Bytes {
  static final byte[] EMPTY = new byte[0];
  private static final byte[][] SMALL = new byte[10_000][];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }
  }

  private Bytes() {}

  static byte[] of(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** One char per byte: for quoting a client's bytes in an error text, which keeps them as is. */
  static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** The decimal text of {@code v}; small ones are shared arrays (never mutate a value). */
  static byte[] ofLong(long v) {
    if (v >= 0 && v < SMALL.length) {
      return SMALL[(int) v];
    }
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  /** The key hash of the tables and the shards (Arrays.hashCode: the JIT vectorises it). */
  static int hash(byte[] b) {
    int h = Arrays.hashCode(b);
    return h ^ (h >>> 16);
  }

  static boolean equalsAscii(byte[] b, String lower) {
    if (b.length != lower.length()) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      int c = b[i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static String lower(byte[] b) {
    char[] cs = new char[b.length];
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      cs[i] = (char) c;
    }
    return new String(cs);
  }

  /** The value of a Redis integer, or {@code Long.MIN_VALUE + 0} flagged by {@link #isLong}. */
  static boolean isLong(byte[] b) {
    return parseLong(b, 0, b.length, null);
  }

  /**
   * Parses {@code b[from, to)} as Redis's string2ll does: optional '-', then digits without a
   * leading zero (except "0" itself), at most 20 bytes, no overflow.
   *
   * @param out where the value goes (index 0), or null just to check
   * @return whether the bytes are such a number
   */
  static boolean parseLong(byte[] b, int from, int to, long[] out) {
    int len = to - from;
    if (len <= 0 || len >= 21) {
      return false;
    }
    if (len == 1 && b[from] == '0') {
      if (out != null) {
        out[0] = 0;
      }
      return true;
    }
    int p = from;
    boolean negative = false;
    if (b[p] == '-') {
      negative = true;
      p++;
      if (p == to) {
        return false;
      }
    }
    if (b[p] < '1' || b[p] > '9') {
      return false;
    }
    long v = 0; // accumulated as a negative number, which has the larger range
    while (p < to) {
      int d = b[p] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (v < Long.MIN_VALUE / 10) {
        return false;
      }
      v *= 10;
      if (v < Long.MIN_VALUE + d) {
        return false;
      }
      v -= d;
      p++;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        return false;
      }
      v = -v;
    }
    if (out != null) {
      out[0] = v;
    }
    return true;
  }

  /** {@link #parseLong} for a whole array; throws the reply error when it is not an integer. */
  static long toLong(byte[] b) {
    return toLong(b, Errors.NOT_INTEGER);
  }

  /** Like {@link #toLong} with a caller-chosen error text. */
  static long toLong(byte[] b, String error) {
    long[] out = NUMBER.get();
    if (!parseLong(b, 0, b.length, out)) {
      throw new RedisError(error);
    }
    return out[0];
  }

  // One per thread: parsing an argument is on the path of every INCR, and must not allocate.
  private static final ThreadLocal<long[]> NUMBER = ThreadLocal.withInitial(() -> new long[1]);

  /**
   * A float as Redis reads one (strtod): decimal or exponent notation, "inf", "-inf"; no
   * spaces, no NaN.
   */
  static double toDouble(byte[] b, String error) {
    if (b.length == 0 || b.length > 5000) {
      throw new RedisError(error);
    }
    String s = new String(b, StandardCharsets.US_ASCII);
    char c0 = s.charAt(0);
    if (Character.isWhitespace(c0) || Character.isWhitespace(s.charAt(s.length() - 1))) {
      throw new RedisError(error);
    }
    String l = s.toLowerCase();
    switch (l) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (l.contains("n") || l.endsWith("d") || l.endsWith("f") || l.startsWith("0x")) {
      throw new RedisError(error); // Java would accept "1d", "NaN"; strtod hex is not needed here
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new RedisError(error);
    }
  }

  /** A double as Redis prints a score-like float (%.17g, shortest that reads back). */
  static byte[] ofDouble(double d) {
    if (Double.isInfinite(d)) {
      return of(d > 0 ? "inf" : "-inf");
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e17) {
      return ofLong((long) d);
    }
    return of(Double.toString(d));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
