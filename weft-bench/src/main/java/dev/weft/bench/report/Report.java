package dev.weft.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns one benchmark run's lines (RESULT, SKIP, META, NOTE; see {@link Results}) into
 * {@code RESULTS.md} and {@code chart.svg}. {@code ./weft bench} runs it after the processes:
 * {@code java -cp benchmarks.jar dev.weft.bench.report.Report results.txt outdir}. After a run of
 * the network workloads alone ({@code ./weft bench net}), {@code Report --net net.txt outdir}
 * writes {@code NET.md} instead.
 */
public final class Report {
  private Report() {}

  /** The README lines between which the latest run's table goes. */
  static final String BEGIN = "<!-- bench:begin (written by ./weft bench) -->";
  static final String END = "<!-- bench:end -->";

  public static void main(String[] args) throws IOException {
    if (args.length == 3 && args[0].equals("--net")) {
      writeNetwork(Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8), Path.of(args[2]));
      return;
    }
    if (args.length != 2 && args.length != 3) {
      System.err.println("usage: Report RESULTS_TXT OUT_DIR [README_TO_UPDATE]  or  Report --net "
          + "NET_TXT OUT_DIR");
      System.exit(2);
    }
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    write(lines, Path.of(args[1]));
    if (args.length == 3) {
      updateReadme(lines, Path.of(args[1]), Path.of(args[2]));
    }
  }

  /** Writes RESULTS.md and chart.svg for {@code lines} into {@code dir}. */
  static void write(List<String> lines, Path dir) throws IOException {
    Results results = Results.parse(lines);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("RESULTS.md"), new MarkdownReport(results).render(),
        StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("chart.svg"), new SvgChart(results).render(),
        StandardCharsets.UTF_8);
    System.err.println("wrote " + dir.resolve("RESULTS.md") + " and " + dir.resolve("chart.svg"));
  }

  /** Writes NET.md for the lines of a run of the network workloads alone into {@code dir}. */
  static void writeNetwork(List<String> lines, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("NET.md"),
        new MarkdownReport(Results.parse(lines), true).render(), StandardCharsets.UTF_8);
    System.err.println("wrote " + dir.resolve("NET.md"));
  }

  /** Replaces what stands between {@link #BEGIN} and {@link #END} in {@code readme}. */
  static void updateReadme(List<String> lines, Path dir, Path readme) throws IOException {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      System.err.println(readme + " has no " + BEGIN + " ... " + END + " block; left as it is");
      return;
    }
    Path base = readme.toAbsolutePath().normalize().getParent();
    Path out = dir.toAbsolutePath().normalize();
    String section = new MarkdownReport(Results.parse(lines)).readmeSection(
        base.relativize(out.resolve("chart.svg")).toString(),
        base.relativize(out.resolve("RESULTS.md")).toString());
    Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + "\n" + section
        + text.substring(end), StandardCharsets.UTF_8);
    System.err.println("updated the table in " + readme);
  }
}
