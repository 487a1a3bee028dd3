package dev.weft.bench.report;

import java.util.Locale;

/** Number formatting for the table and the chart: about three significant digits. */
final class Fmt {
  private Fmt() {}

  /** 1,234 / 123 / 12.3 / 1.23 / 0.123: integers from 100 up, three significant digits below. */
  static String number(double v) {
    double a = Math.abs(v);
    if (a >= 100 || a == 0) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** A ratio: 0.85× (two decimals below 10, one from there). */
  static String ratio(double r) {
    return String.format(Locale.ROOT, r >= 10 ? "%.1f×" : "%.2f×", r);
  }
}
