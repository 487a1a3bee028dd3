package dev.weft.bench.report;

import dev.weft.bench.report.Implementations.Impl;
import dev.weft.bench.report.Results.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * RESULTS.md: the table (rows = workload metrics, columns = implementations, then weft / best
 * peer ratios), the chart, the run's notes, how each implementation was configured, and the
 * machine. NET.md, the report of the network workloads run alone, is the same without the chart.
 */
final class MarkdownReport {
  /** The workloads that load an echo server over TCP. */
  static final Set<String> NETWORK = Set.of("W8_echo", "W9_many_connections");

  private final Results results;
  private final List<Impl> impls;
  private final boolean networkOnly;

  MarkdownReport(Results results) {
    this(results, false);
  }

  /** {@code networkOnly}: the report of a run of W8 and W9 alone (NET.md). */
  MarkdownReport(Results results, boolean networkOnly) {
    this.results = results;
    this.impls = Implementations.ordered(results.impls());
    this.networkOnly = networkOnly;
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
    md.append(networkOnly ? "# weft network benchmark results (W8, W9)\n\n"
        : "# weft benchmark results\n\n");
    md.append(headline()).append("\n\n");
    md.append("Each cell is the median of the timed rounds, with [min–max] when there was more than one "
        + "round. Lower is better in every row but the rates (a unit per second, such as W8's "
        + "rt/s), where higher is. A ratio column divides weft's median by the best peer's median "
        + "and names that peer: below 1.00× weft is ahead of every peer (for a rate: above "
        + "1.00×), on the other side of 1.00× it is behind the best one. Compare within one run: "
        + "absolute figures move from run to run on a shared 2-core machine, ratios much "
        + "less.\n\n");
    table(md);
    if (!networkOnly) {
      md.append("\n![weft and its peers, one bar group per workload, log scale](chart.svg)\n");
    }
    md.append('\n');
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
    md.append(headline()).append(". Median [min–max] of the rounds; lower is better (higher for "
        + "rt/s); ratio = weft / best peer. Notes, peer setup and machine: [")
        .append(resultsPath).append("](")
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
            : " · the whole run took " + results.meta("run", "duration", ""))
        + withoutWeft();
  }

  /**
   * " · **W8/W9 without weft** (why)" when weft's echo servers were skipped and no weft server
   * reported a network figure, so that a reader sees at once whom the table leaves out.
   */
  private String withoutWeft() {
    boolean weftServed = impls.stream().anyMatch(i -> i.weft() && hasNetworkFigures(i.id()));
    for (Results.Skip s : results.skips()) {
      if (!weftServed && Implementations.of(s.impl()).weft() && NETWORK.contains(s.workload())) {
        return " · **W8/W9 without weft** (" + s.why() + ")";
      }
    }
    return "";
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
    if (!networkOnly) {
      workloadSetup(md);
    }
    if (networkOnly || results.rows().stream().anyMatch(r -> NETWORK.contains(r.workload()))) {
      networkSetup(md);
    }
  }

  private void workloadSetup(StringBuilder md) {
    md.append("Every implementation runs in its own process, W4 first (RSS only grows), then W1–W3, "
        + "W5, W7, then W6 (the longest); each workload warms up, then runs its timed rounds (W4 runs "
        + "once after a 1/100-size warm-up; W6 runs fewer rounds: see the headline)."
        + passesSentence() + "\n\n");
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

  /**
   * How a run in passes went, or nothing for one pass: a cell's rounds then come from a process
   * of each pass, so the drift of the machine over the run weighs on every column alike.
   */
  private String passesSentence() {
    String passes = results.meta("run", "passes", "1");
    if (passes.equals("1")) {
      return "";
    }
    return " The run went over the implementations " + passes + " times, every other pass in "
        + "reverse order, with a process of each implementation a pass; a cell's rounds come from "
        + "all its processes, so that a drift of the machine over the run weighs on every column "
        + "alike instead of on whichever ran at the time.";
  }

  /** W8 and W9: how they run, then each implementation's echo server. */
  private void networkSetup(StringBuilder md) {
    md.append(networkOnly ? "" : "### W8 and W9: the echo servers\n\n");
    md.append("W8 and W9 load each implementation's echo server on 127.0.0.1, a server process per "
        + "workload, from load clients written on tokio (its multi-thread runtime with 2 workers), "
        + "which share the machine's 2 cores with the server. **W8**'s figures of record (rt/s, "
        + "p50, p99) come from `echo_client` of the shared tokio benchmarks, unchanged: 50 "
        + "connections, all connected before the clock starts, each timing its sequential 64-byte "
        + "round trips. *mean* is derived from the rate: 50 connections / rt/s, since each has one "
        + "round trip in flight at all times (Little's law); in this closed loop a server whose "
        + "round trips stall now and then shows a lower p50 at a lower rate, its stalls having "
        + "moved latency into the tail, so p50 alone does not rank the servers. "
        + "`echo_client` prints no p99.9, so *p99.9 one round* is one more round of the same "
        + "shape by weft-bench's `weft-net-client` (`weft-bench/tokio/net-client`), with the same "
        + "percentile rule. **W9**: `weft-net-client many` opens the connections with at most 512 "
        + "between their connect and their first echo (below every server's accept backlog of "
        + "1,024, so that no SYN is dropped and retried a second later: a connect returns once "
        + "the connection is in the server's accept queue, before the server accepts it) and "
        + "echoes 10 messages of 64 bytes on each; the "
        + "active wall time runs from the first connect to the last echo. After two warm-up rounds "
        + "(half the connections each, so that the JIT has compiled the server's per-connection "
        + "code and its own memory does not count as the connections') the harness reads the "
        + "server's memory, the client opens a memory round's "
        + "connections and holds them idle, and the harness reads the memory again: per "
        + "connection = (held − before) / connections, the heap after a full GC for a JVM server "
        + "and the RSS from `/proc/<pid>/status`. The timed rounds of the wall time follow (the "
        + "memory round, the first at full size, is not among them). The memory is read so in "
        + "three server processes, the first of which also runs the timed rounds, and the table "
        + "gives their median and range: on the JVM the heap moves by up to a fifth from one "
        + "process to the next, with the tier the JIT had reached when each connection's task "
        + "first waited. The client closes its "
        + "connections with a reset (`SO_LINGER` 0), so that no port waits in TIME_WAIT between "
        + "rounds. JVM servers have a fixed heap (`-Xms` = `-Xmx`), pre-touched for W8 and left "
        + "untouched for W9, which reads RSS growth." + (networkOnly ? passesSentence() : "")
        + "\n\n");
    for (Impl i : impls) {
      if (i.echoServer().isEmpty() || !hasNetworkFigures(i.id())) {
        continue;
      }
      md.append("- **").append(i.label()).append("** (`").append(i.id()).append("`): ")
          .append(i.echoServer());
      String flags = results.meta(i.id(), "server-flags", "");
      if (!flags.isEmpty()) {
        md.append(" JVM flags: `").append(flags)
            .append("` (W8's server also `-XX:+AlwaysPreTouch`).");
      }
      if (networkOnly && !results.meta(i.id(), "version", "").isEmpty()) {
        md.append(" Version: ").append(results.meta(i.id(), "version", "")).append('.');
      }
      md.append('\n');
    }
    String sizes = "";
    for (Impl i : impls) {
      String s = results.meta(i.id(), "net-sizes", "");
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

  private boolean hasNetworkFigures(String impl) {
    for (Row r : results.rows()) {
      if (NETWORK.contains(r.workload()) && results.summary(r, impl) != null) {
        return true;
      }
    }
    return false;
  }

  private void machine(StringBuilder md) {
    md.append("## Machine\n\n");
    for (String key : List.of("machine", "cpu", "os", "load", "jdk", "tokio", "rustc",
        "net-clients", "open-files", "command")) {
      String v = results.meta("run", key, "");
      if (!v.isEmpty()) {
        md.append("- ").append(key).append(": ").append(v).append('\n');
      }
    }
  }
}
