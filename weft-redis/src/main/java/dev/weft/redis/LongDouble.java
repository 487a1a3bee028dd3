package dev.weft.redis;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The x87 80-bit {@code long double} that Redis's INCRBYFLOAT and HINCRBYFLOAT compute in, so
 * that their replies match Redis's digit for digit: {@code 0.1 + 123.456 + 123.456} is
 * {@code 247.01200000000000001} there, not {@code 247.012}. A value is held exactly (a
 * {@link BigDecimal} of a 64-bit significand times a power of two), and every operation rounds
 * its exact result to the nearest such value, ties to even, as the FPU does: parsing as glibc's
 * {@code strtold} and printing as {@code printf("%.17Lf")}, both exact, then rounded.
 */
final class LongDouble {
  private static final int SIGNIFICAND_BITS = 64;
  /** The smallest exponent of a normal value: 2^-16382. */
  private static final int MIN_EXPONENT = -16382;
  /** Values at or above 2^16384 overflow. */
  private static final int MAX_EXPONENT = 16383;
  /** Redis's buffer for a long double's text (MAX_LONG_DOUBLE_CHARS): longer input is refused. */
  private static final int MAX_CHARS = 5 * 1024;
  private static final BigInteger FIVE = BigInteger.valueOf(5);

  /** The exact value, or null when infinite. */
  private final BigDecimal exact;
  private final int infinitySign;

  private LongDouble(BigDecimal exact, int infinitySign) {
    this.exact = exact;
    this.infinitySign = infinitySign;
  }

  static final LongDouble ZERO = new LongDouble(BigDecimal.ZERO, 0);

  static LongDouble of(long v) {
    return new LongDouble(BigDecimal.valueOf(v), 0); // a long fits the 64-bit significand
  }

  boolean isInfinite() {
    return exact == null;
  }

  /**
   * Parses as Redis's {@code string2ld}: {@code strtold} over the whole text (decimal or hex,
   * {@code inf}/{@code infinity} with either sign), refusing leading space, trailing bytes, NaN,
   * and a decimal that overflows or underflows to zero. Returns null when refused.
   */
  static LongDouble parse(byte[] b) {
    if (b.length == 0 || b.length >= MAX_CHARS) {
      return null;
    }
    for (byte c : b) {
      if (c == 0) {
        return null; // strtold stops at a NUL byte: the rest is left over
      }
    }
    String s = new String(b, StandardCharsets.ISO_8859_1);
    if (s.isEmpty() || Character.isWhitespace(s.charAt(0))) {
      return null;
    }
    int i = 0;
    int sign = 1;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      sign = s.charAt(0) == '-' ? -1 : 1;
      i = 1;
    }
    String body = s.substring(i);
    String lower = body.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return new LongDouble(null, sign);
    }
    BigDecimal exact;
    if (lower.startsWith("0x")) {
      exact = parseHex(lower.substring(2));
    } else {
      exact = parseDecimal(body);
    }
    if (exact == null) {
      return null;
    }
    LongDouble v = round(sign < 0 ? exact.negate() : exact);
    if (v.isInfinite() || (v.exact.signum() == 0 && exact.signum() != 0)) {
      return null; // ERANGE: overflow, or underflow to zero
    }
    return v;
  }

  private static BigDecimal parseDecimal(String body) {
    // strtold's decimal form: digits with an optional point (at least one digit), then an
    // optional exponent with at least one digit. BigDecimal reads the same form, but also
    // signs inside, which the checks here refuse.
    int n = body.length();
    int i = 0;
    int digits = 0;
    while (i < n && isDigit(body.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && body.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(body.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return null;
    }
    if (i < n && (body.charAt(i) == 'e' || body.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (body.charAt(j) == '+' || body.charAt(j) == '-')) {
        j++;
      }
      int expDigits = 0;
      while (j < n && isDigit(body.charAt(j))) {
        j++;
        expDigits++;
      }
      if (expDigits == 0) {
        return null; // strtold stops before the 'e': the rest is left over
      }
      i = j;
    }
    if (i != n) {
      return null;
    }
    try {
      return new BigDecimal(body);
    } catch (NumberFormatException | ArithmeticException e) {
      // An exponent beyond an int: far outside the range, one way or the other.
      return hugeExponent(body);
    }
  }

  /** An exponent too large for BigDecimal: zero (underflow) or an overflow, as strtold sees it. */
  private static BigDecimal hugeExponent(String body) {
    int e = Math.max(body.indexOf('e'), body.indexOf('E'));
    boolean allZero = body.substring(0, e).chars().allMatch(c -> c == '0' || c == '.');
    if (allZero) {
      return BigDecimal.ZERO;
    }
    boolean negative = body.charAt(e + 1) == '-';
    return negative ? BigDecimal.ONE.scaleByPowerOfTen(-100_000) // rounds to zero: underflow
        : BigDecimal.ONE.scaleByPowerOfTen(100_000); // rounds to infinity: overflow
  }

  private static BigDecimal parseHex(String h) {
    int n = h.length();
    int i = 0;
    BigInteger mantissa = BigInteger.ZERO;
    int digits = 0;
    long shift = 0;
    while (i < n && Character.digit(h.charAt(i), 16) >= 0) {
      mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(h.charAt(i), 16)));
      i++;
      digits++;
    }
    if (i < n && h.charAt(i) == '.') {
      i++;
      while (i < n && Character.digit(h.charAt(i), 16) >= 0) {
        mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(h.charAt(i), 16)));
        shift -= 4;
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return null; // "0x" alone: strtold reads the 0 and leaves the x
    }
    if (i < n && h.charAt(i) == 'p') {
      int j = i + 1;
      boolean negative = false;
      if (j < n && (h.charAt(j) == '+' || h.charAt(j) == '-')) {
        negative = h.charAt(j) == '-';
        j++;
      }
      long exp = 0;
      int expDigits = 0;
      while (j < n && isDigit(h.charAt(j))) {
        exp = Math.min(exp * 10 + (h.charAt(j) - '0'), 1_000_000);
        j++;
        expDigits++;
      }
      if (expDigits == 0) {
        return null;
      }
      shift += negative ? -exp : exp;
      i = j;
    }
    if (i != n) {
      return null;
    }
    if (mantissa.signum() == 0) {
      return BigDecimal.ZERO;
    }
    shift = Math.max(-100_000, Math.min(100_000, shift)); // beyond: zero or infinity anyway
    return times2Pow(mantissa, (int) shift);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** {@code m * 2^e}, exactly. */
  private static BigDecimal times2Pow(BigInteger m, int e) {
    if (e >= 0) {
      return new BigDecimal(m.shiftLeft(e));
    }
    return new BigDecimal(m.multiply(FIVE.pow(-e)), -e); // m * 5^n / 10^n = m / 2^n
  }

  /** The nearest long double to an exact value, ties to even. */
  static LongDouble round(BigDecimal x) {
    if (x.signum() == 0) {
      return ZERO;
    }
    int sign = x.signum();
    BigDecimal a = x.abs();
    BigInteger unscaled = a.unscaledValue();
    int scale = a.scale();
    // a = unscaled / 10^scale; estimate its binary exponent, then correct it.
    long estimate = unscaled.bitLength() - 1 - (long) Math.ceil(scale * 3.321928094887362);
    if (estimate > MAX_EXPONENT + 2) {
      return new LongDouble(null, sign);
    }
    if (estimate < MIN_EXPONENT - SIGNIFICAND_BITS - 4) {
      return ZERO; // below half the smallest subnormal
    }
    int e = (int) estimate;
    while (compareWithPowerOfTwo(unscaled, scale, e + 1) >= 0) {
      e++;
    }
    while (compareWithPowerOfTwo(unscaled, scale, e) < 0) {
      e--;
    }
    // 2^e <= a < 2^(e+1). The significand's unit is 2^(e-63), or the subnormal unit.
    int unit = Math.max(e, MIN_EXPONENT) - (SIGNIFICAND_BITS - 1);
    BigInteger m = divideRoundHalfEven(unscaled, scale, unit);
    if (m.bitLength() > SIGNIFICAND_BITS) { // rounded up to 2^64
      m = m.shiftRight(1);
      unit++;
    }
    if (m.signum() == 0) {
      return ZERO;
    }
    if (unit + m.bitLength() - 1 > MAX_EXPONENT) {
      return new LongDouble(null, sign);
    }
    BigDecimal v = times2Pow(m, unit);
    return new LongDouble(sign < 0 ? v.negate() : v, 0);
  }

  /** Compares {@code unscaled / 10^scale} with {@code 2^p}. */
  private static int compareWithPowerOfTwo(BigInteger unscaled, int scale, int p) {
    BigInteger[] f = fraction(unscaled, scale, p);
    return f[0].compareTo(f[1]);
  }

  /** {@code unscaled / 10^scale / 2^p} as a numerator and a denominator, both integers. */
  private static BigInteger[] fraction(BigInteger unscaled, int scale, int p) {
    BigInteger num = unscaled;
    BigInteger den = BigInteger.ONE;
    if (scale >= 0) {
      den = den.multiply(BigInteger.TEN.pow(scale));
    } else {
      num = num.multiply(BigInteger.TEN.pow(-scale));
    }
    if (p >= 0) {
      den = den.shiftLeft(p);
    } else {
      num = num.shiftLeft(-p);
    }
    return new BigInteger[] {num, den};
  }

  /** {@code round(unscaled / 10^scale / 2^unit)}, ties to even. */
  private static BigInteger divideRoundHalfEven(BigInteger unscaled, int scale, int unit) {
    BigInteger[] f = fraction(unscaled, scale, unit);
    BigInteger den = f[1];
    BigInteger[] qr = f[0].divideAndRemainder(den);
    int half = qr[1].shiftLeft(1).compareTo(den);
    if (half > 0 || (half == 0 && qr[0].testBit(0))) {
      return qr[0].add(BigInteger.ONE);
    }
    return qr[0];
  }

  /** The sum, rounded to a long double; null for NaN (infinities of opposite signs). */
  LongDouble add(LongDouble o) {
    if (isInfinite() || o.isInfinite()) {
      if (isInfinite() && o.isInfinite() && infinitySign != o.infinitySign) {
        return null;
      }
      return new LongDouble(null, isInfinite() ? infinitySign : o.infinitySign);
    }
    return round(exact.add(o.exact));
  }

  /**
   * {@code (long long) ceill(this * factor)} as x86 computes it: the product rounded to a long
   * double, rounded up to an integer, and {@link Long#MIN_VALUE} (the "integer indefinite") when
   * that is infinite or outside a long's range.
   */
  long timesCeilToLong(long factor) {
    if (isInfinite()) {
      return Long.MIN_VALUE;
    }
    LongDouble product = round(exact.multiply(BigDecimal.valueOf(factor)));
    if (product.isInfinite()) {
      return Long.MIN_VALUE;
    }
    BigInteger whole = product.exact.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    return whole.bitLength() > 63 ? Long.MIN_VALUE : whole.longValueExact();
  }

  /**
   * As Redis's {@code ld2string} in its human mode: {@code %.17Lf}, then the zeros after the
   * point and a bare point dropped, and {@code -0} written {@code 0}.
   */
  String toHumanString() {
    if (isInfinite()) {
      return infinitySign > 0 ? "inf" : "-inf";
    }
    String s = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    s = s.substring(0, end);
    return s.equals("-0") ? "0" : s;
  }
}
