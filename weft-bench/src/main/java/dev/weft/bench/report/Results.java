package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One benchmark run as read from the harness's lines: every metric of every workload with each
 * implementation's rounds, plus the run's facts and notes.
 *
 * <pre>
 *   RESULT|impl|workload|metric|unit|v1,v2,...   a metric's timed rounds
 *   SKIP|impl|workload|why                         a workload an implementation cannot run
 *   META|scope|key|value                           a fact: scope "run" or an implementation
 *   NOTE|text                                      a line for the notes (e.g. a skipped peer)
 * </pre>
 * Other lines are ignored. Rows keep the order in which they first appear. An implementation
 * that reports the same metric more than once (a run in passes: one process of each
 * implementation a pass) has all its rounds, in the order they came.
 */
final class Results {
  /** A table row: one metric of one workload. */
  record Row(String workload, String metric, String unit) {
    /** "W1 spawn_many" from "W1_spawn_many". */
    String workloadLabel() {
      return workload.replaceFirst("_", " ");
    }
  }

  /** A skipped workload of one implementation. */
  record Skip(String impl, String workload, String why) {}

  private final Map<Row, Map<String, double[]>> values = new LinkedHashMap<>();
  private final Set<String> impls = new LinkedHashSet<>();
  private final Map<String, Map<String, String>> meta = new LinkedHashMap<>();
  private final List<Skip> skips = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  static Results parse(List<String> lines) {
    Results r = new Results();
    for (String line : lines) {
      String[] f = line.strip().split("\\|", -1);
      switch (f[0]) {
        case "RESULT" -> {
          if (f.length == 6) {
            r.add(f[1], new Row(f[2], f[3], f[4]), f[5]);
          }
        }
        case "SKIP" -> {
          if (f.length >= 4) {
            r.skips.add(new Skip(f[1], f[2], String.join("|", List.of(f).subList(3, f.length))));
          }
        }
        case "META" -> {
          if (f.length >= 4) {
            r.meta.computeIfAbsent(f[1], k -> new LinkedHashMap<>())
                .put(f[2], String.join("|", List.of(f).subList(3, f.length)));
          }
        }
        case "NOTE" -> r.notes.add(line.strip().substring("NOTE|".length()));
        default -> { }
      }
    }
    return r;
  }

  private void add(String impl, Row row, String csv) {
    String[] parts = csv.split(",");
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Double.parseDouble(parts[i].strip());
    }
    impls.add(impl);
    values.computeIfAbsent(row, k -> new LinkedHashMap<>()).merge(impl, v, Results::concat);
  }

  private static double[] concat(double[] earlier, double[] later) {
    double[] all = Arrays.copyOf(earlier, earlier.length + later.length);
    System.arraycopy(later, 0, all, earlier.length, later.length);
    return all;
  }

  List<Row> rows() {
    return List.copyOf(values.keySet());
  }

  /** The implementations that reported anything, in the order they first appear. */
  Set<String> impls() {
    return impls;
  }

  /** The summary of {@code impl}'s rounds on {@code row}, or null when it has none. */
  Summary summary(Row row, String impl) {
    double[] v = values.getOrDefault(row, Map.of()).get(impl);
    return v == null ? null : Summary.of(v);
  }

  /** The row of {@code workload}'s {@code metric}, or null. */
  Row row(String workload, String metric) {
    for (Row r : values.keySet()) {
      if (r.workload().equals(workload) && r.metric().equals(metric)) {
        return r;
      }
    }
    return null;
  }

  /** A fact of {@code scope} ("run" or an implementation), or {@code otherwise}. */
  String meta(String scope, String key, String otherwise) {
    return meta.getOrDefault(scope, Map.of()).getOrDefault(key, otherwise);
  }

  List<Skip> skips() {
    return skips;
  }

  List<String> notes() {
    return notes;
  }
}
