package dev.weft.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns one benchmark run's lines (RESULT, SKIP, META, NOTE; see {@link Results}) into
 * {@code RESULTS.md} and {@code chart.svg}. {@code ./weft bench} runs it after the processes:
 * {@code java -cp benchmarks.jar dev.weft.bench.report.Report results.txt outdir}.
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Report RESULTS_TXT OUT_DIR");
      System.exit(2);
    }
    write(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8), Path.of(args[1]));
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
}
