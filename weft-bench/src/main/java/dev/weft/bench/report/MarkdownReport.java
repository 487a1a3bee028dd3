package dev.weft.bench.report;

import dev.weft.bench.report.Implementations.Impl;
import dev.weft.bench.report.Results.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * RESULTS.md: the table (rows = workload metrics, columns = implementations, then weft / best
 * peer ratios), the chart, the run's notes, how each implementation was configured, and the
 * machine.
 */
final class MarkdownReport {
  private final Results results;
  private final List<Impl> impls;

  MarkdownReport(Results results) {
    this.results = results;
    this.impls = Implementations.ordered(results.impls());
  }

  /** Lower is better except for rates (a unit per second). */
  static boolean lowerIsBetter(String unit) {
    return !unit.endsWith("/s");
  }

  /** The best peer's id and summary on {@code row}, or null when no peer has it. */
  Best bestPeer(Row row) {
    Best best = null;
    for (Impl i : impls) {
      Summary s = i.weft() ? null : results.summary(row, i.id());
      if (s != null && (best == null || (lowerIsBetter(row.unit())
          ? s.median() < best.summary().median() : s.median() > best.summary().median()))) {
        best = new Best(i, s);
      }
    }
    return best;
  }

  /** A peer and its figures. */
  record Best(Impl impl, Summary summary) {}

  /** The ratio cell for {@code weft} on {@code row}: "0.85× tokio ct", or "—". */
  String ratioCell(Row row, Impl weft) {
    Summary w = results.summary(row, weft.id());
    Best b = bestPeer(row);
    if (w == null || b == null || b.summary().median() <= 0 || w.median() < 0) {
      return "—";
    }
    return Fmt.ratio(w.median() / b.summary().median()) + " " + b.impl().label();
  }

  String render() {
    StringBuilder md = new StringBuilder();
    md.append("# weft benchmark results\n\n");
    md.append(headline()).append("\n\n");
    md.append("Each cell is the median of the timed rounds, with [min–max] when there was more than one "
        + "round. Lower is better in every row. A ratio column divides weft's median by the best "
        + "peer's median and names that peer: below 1.00× weft is ahead of every peer, above it "
        + "behind the best one. Compare within one run: absolute figures move from run to run on "
        + "a shared 2-core machine, ratios much less.\n\n");
    table(md);
    md.append("\n![weft and its peers, one bar group per workload, log scale](chart.svg)\n\n");
    notes(md);
    setup(md);
    machine(md);
    return md.toString();
  }

  /**
   * The part of the README that shows the latest run: the headline, the table, the chart (at
   * {@code chartPath}, relative to the README) and where the rest is ({@code resultsPath}).
   */
  String readmeSection(String chartPath, String resultsPath) {
    StringBuilder md = new StringBuilder();
    md.append(headline()).append(". Median [min–max] of the rounds; lower is better; ratio = weft "
        + "/ best peer. Notes, peer setup and machine: [").append(resultsPath).append("](")
        .append(resultsPath).append(").\n\n");
    table(md);
    md.append("\n![weft and its peers, one bar group per workload, log scale](").append(chartPath)
        .append(")\n");
    return md.toString();
  }

  private String headline() {
    String mode = results.meta("run", "mode", "full");
    String rounds = results.meta("run", "rounds", "");
    return "**" + (mode.equals("quick") ? "Quick run" : "Full run") + "**"
        + (rounds.isEmpty() ? "" : " (" + rounds + ")")
        + " · " + results.meta("run", "date", "date unknown")
        + " · " + results.meta("run", "machine", "machine unknown")
        + (results.meta("run", "duration", "").isEmpty() ? ""
            : " · the whole run took " + results.meta("run", "duration", ""));
  }

  private void table(StringBuilder md) {
    List<Impl> wefts = impls.stream().filter(Impl::weft).toList();
    boolean anyPeer = impls.stream().anyMatch(i -> !i.weft());
    List<String> head = new ArrayList<>(List.of("workload", "metric", "unit"));
    impls.forEach(i -> head.add(i.label()));
    if (anyPeer) {
      wefts.forEach(w -> head.add(w.label() + " / best peer"));
    }
    md.append("| ").append(String.join(" | ", head)).append(" |\n");
    md.append("|---|---|---|").append("---:|".repeat(head.size() - 3)).append('\n');
    String lastWorkload = "";
    for (Row row : results.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(row.workload().equals(lastWorkload) ? "" : row.workloadLabel());
      lastWorkload = row.workload();
      cells.add(row.metric().replace('_', ' '));
      cells.add(row.unit());
      for (Impl i : impls) {
        Summary s = results.summary(row, i.id());
        cells.add(s == null ? "—" : s.cell());
      }
      if (anyPeer) {
        wefts.forEach(w -> cells.add(ratioCell(row, w)));
      }
      md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
  }

  private void notes(StringBuilder md) {
    List<String> lines = new ArrayList<>(results.notes());
    for (Results.Skip s : results.skips()) {
      lines.add(Implementations.of(s.impl()).label() + " skipped " + s.workload() + ": " + s.why());
    }
    lines.add("— in a cell: the implementation did not report that metric (see the setup notes).");
    md.append("## Notes\n\n");
    lines.forEach(l -> md.append("- ").append(l).append('\n'));
    md.append('\n');
  }

  private void setup(StringBuilder md) {
    md.append("## How each implementation was configured\n\n");
    md.append("Every implementation runs in its own process, W4 first (RSS only grows), then W1–W3, "
        + "W5, W7, then W6 (the longest); each workload warms up, then runs its timed rounds (W4 runs "
        + "once after a 1/100-size warm-up; W6 runs fewer rounds: see the headline).\n\n");
    for (Impl i : impls) {
      md.append("- **").append(i.label()).append("** (`").append(i.id()).append("`): ")
          .append(i.setup().isEmpty() ? "no notes." : i.setup());
      String flags = results.meta(i.id(), "flags", "");
      if (!flags.isEmpty()) {
        md.append(" Flags: `").append(flags).append("`.");
      }
      String version = results.meta(i.id(), "version", "");
      if (!version.isEmpty()) {
        md.append(" Version: ").append(version).append('.');
      }
      md.append('\n');
    }
    String sizes = "";
    for (Impl i : impls) {
      String s = results.meta(i.id(), "sizes", "");
      if (sizes.isEmpty()) {
        sizes = s;
      } else if (!s.isEmpty() && !s.equals(sizes)) {
        md.append("- Sizes of ").append(i.label()).append(" differ: ").append(s).append('\n');
      }
    }
    if (!sizes.isEmpty()) {
      md.append("\nSizes: ").append(sizes).append(".\n");
    }
    md.append('\n');
  }

  private void machine(StringBuilder md) {
    md.append("## Machine\n\n");
    for (String key : List.of("machine", "cpu", "os", "load", "jdk", "tokio", "rustc", "command")) {
      String v = results.meta("run", key, "");
      if (!v.isEmpty()) {
        md.append("- ").append(key).append(": ").append(v).append('\n');
      }
    }
  }
}
