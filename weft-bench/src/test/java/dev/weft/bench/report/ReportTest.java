package dev.weft.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The report generator on hand-made RESULT lines: medians, ranges, ratios, a well-formed chart. */
class ReportTest {
  private static final List<String> LINES = List.of(
      "META|run|mode|full",
      "META|run|date|2026-11-25 23:00 UTC",
      "META|run|machine|2 cores, 23 GiB <shared>",
      "META|weft-mt|flags|--add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Xms4g",
      "META|weft-mt|sizes|W1 1,000,000 tasks",
      "some stray output that is not a result line",
      "RESULT|weft-mt|W1_spawn_many|time|ns/task|120.000,100.000,110.000,130.000,90.000",
      "RESULT|weft-ct|W1_spawn_many|time|ns/task|60.000,80.000,70.000,90.000",
      "RESULT|cf|W1_spawn_many|time|ns/task|200.000,210.000,190.000",
      "RESULT|tokio-ct|W1_spawn_many|time|ns/task|75.000,80.000,85.000",
      "RESULT|weft-mt|W4_idle_memory|heap_per_task|B|400.000",
      "RESULT|cf|W4_idle_memory|heap_per_task|B|100.000",
      "RESULT|tokio-ct|W4_idle_memory|rss_per_task|B|230.000",
      "SKIP|cf|w8|no networking",
      "NOTE|tokio skipped: install cargo and librust-tokio-dev");

  private static Results results() {
    return Results.parse(LINES);
  }

  @Test
  void summariesTakeTheMedianAndRangeOfTheRounds() {
    Results r = results();
    Results.Row w1 = r.row("W1_spawn_many", "time");
    Summary odd = r.summary(w1, "weft-mt");
    assertEquals(110.0, odd.median());
    assertEquals(90.0, odd.min());
    assertEquals(130.0, odd.max());
    assertEquals("110 [90.0–130]", odd.cell());
    Summary even = r.summary(w1, "weft-ct");
    assertEquals(75.0, even.median()); // (70 + 80) / 2
    assertEquals("75.0 [60.0–90.0]", even.cell());
    assertEquals("400", r.summary(r.row("W4_idle_memory", "heap_per_task"), "weft-mt").cell());
    assertNull(r.summary(w1, "kotlin"));
  }

  @Test
  void ratiosDivideWeftByTheBestPeerAndNameIt() {
    Results r = results();
    MarkdownReport md = new MarkdownReport(r);
    Results.Row w1 = r.row("W1_spawn_many", "time");
    assertEquals("tokio-ct", md.bestPeer(w1).impl().id()); // 80 beats cf's 200; weft is no peer
    assertEquals("1.38× tokio ct", md.ratioCell(w1, Implementations.of("weft-mt"))); // 110 / 80
    assertEquals("0.94× tokio ct", md.ratioCell(w1, Implementations.of("weft-ct"))); // 75 / 80
    Results.Row heap = r.row("W4_idle_memory", "heap_per_task");
    assertEquals("4.00× CompletableFuture", md.ratioCell(heap, Implementations.of("weft-mt")));
    assertEquals("—", md.ratioCell(heap, Implementations.of("weft-ct"))); // weft ct has no figure
    assertEquals("—", md.ratioCell(r.row("W4_idle_memory", "rss_per_task"),
        Implementations.of("weft-mt"))); // no weft figure
  }

  @Test
  void theTableHasAColumnPerImplementationInOrderAndRatioColumns() {
    String md = new MarkdownReport(results()).render();
    String header = md.lines().filter(l -> l.startsWith("| workload")).findFirst().orElseThrow();
    assertEquals("| workload | metric | unit | weft mt | weft ct | CompletableFuture | tokio ct "
        + "| weft mt / best peer | weft ct / best peer |", header);
    assertTrue(md.contains("| W1 spawn_many | time | ns/task | 110 [90.0–130] | 75.0 [60.0–90.0] "
        + "| 200 [190–210] | 80.0 [75.0–85.0] | 1.38× tokio ct | 0.94× tokio ct |"), md);
    assertTrue(md.contains("| W4 idle_memory | heap per task | B | 400 | — | 100 | — "
        + "| 4.00× CompletableFuture | — |"), md);
    assertTrue(md.contains("|  | rss per task | B | — | — | — | 230 | — | — |"), md);
    assertTrue(md.contains("- tokio skipped: install cargo and librust-tokio-dev"), md);
    assertTrue(md.contains("- CompletableFuture skipped w8: no networking"), md);
    assertTrue(md.contains("Flags: `--add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Xms4g`"), md);
    assertTrue(md.contains("Sizes: W1 1,000,000 tasks."), md);
    assertTrue(md.contains("**Full run**"), md);
    assertTrue(md.contains("![weft and its peers"), md);
  }

  @Test
  void theChartIsWellFormedSvgWithABarPerReportedFigure(@TempDir Path dir) throws Exception {
    Report.write(LINES, dir);
    String svg = Files.readString(dir.resolve("chart.svg"));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getTagName());
    // bars: 4 for W1 and 2 for W4's heap, plus the background and 4 legend swatches
    assertEquals(1 + 4 + 6, doc.getElementsByTagName("rect").getLength());
    assertTrue(svg.contains("&lt;shared&gt;")); // the machine text was escaped
    assertTrue(svg.contains(">W1 spawn_many<") && svg.contains(">W4 idle heap<"));
    assertFalse(svg.contains(">W2 ping_pong<")); // no figures, no group
    assertTrue(Files.readString(dir.resolve("RESULTS.md")).startsWith("# weft benchmark results"));
  }

  @Test
  void aFullRunRewritesOnlyTheReadmeBlock(@TempDir Path dir) throws Exception {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "# top\n\n" + Report.BEGIN + "\nold table\n" + Report.END + "\n\n## after\n");
    Path out = dir.resolve("weft-bench/results");
    Report.write(LINES, out);
    Report.updateReadme(LINES, out, readme);
    String text = Files.readString(readme);
    assertTrue(text.startsWith("# top\n\n" + Report.BEGIN + "\n**Full run**"), text);
    assertTrue(text.endsWith(Report.END + "\n\n## after\n"), text);
    assertFalse(text.contains("old table"));
    assertTrue(text.contains("| W1 spawn_many | time | ns/task | 110 [90.0–130]"), text);
    assertTrue(text.contains("](weft-bench/results/chart.svg)"), text);
    assertTrue(text.contains("[weft-bench/results/RESULTS.md](weft-bench/results/RESULTS.md)"), text);

    Path plain = dir.resolve("PLAIN.md");
    Files.writeString(plain, "no block here\n");
    Report.updateReadme(LINES, out, plain);
    assertEquals("no block here\n", Files.readString(plain));
  }

  @Test
  void decadeLabelsReadAsNumbers() {
    assertEquals("1", SvgChart.decadeLabel(0));
    assertEquals("100", SvgChart.decadeLabel(2));
    assertEquals("1k", SvgChart.decadeLabel(3));
    assertEquals("10k", SvgChart.decadeLabel(4));
    assertEquals("1M", SvgChart.decadeLabel(6));
    assertEquals("0.1", SvgChart.decadeLabel(-1));
  }
}
