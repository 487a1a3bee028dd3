package dev.weft.bench.report;

import java.util.Arrays;

/** The median, minimum and maximum of one implementation's timed rounds of one metric. */
record Summary(double median, double min, double max, int rounds) {

  static Summary of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int mid = v.length / 2;
    double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    return new Summary(median, v[0], v[v.length - 1], v.length);
  }

  /** The cell text: the median, then the range when there was more than one round. */
  String cell() {
    return rounds == 1 ? Fmt.number(median)
        : Fmt.number(median) + " [" + Fmt.number(min) + "–" + Fmt.number(max) + "]";
  }
}
