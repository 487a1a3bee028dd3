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
  void aMetricReportedByOneImplementationInSeveralPassesKeepsEveryRound() {
    Results r = Results.parse(List.of(
        "RESULT|weft-mt|W2_ping_pong|time|ns/roundtrip|300.000,310.000",
        "RESULT|tokio-ct|W2_ping_pong|time|ns/roundtrip|130.000",
        "RESULT|weft-mt|W2_ping_pong|time|ns/roundtrip|100.000,90.000,400.000"));
    Summary s = r.summary(r.row("W2_ping_pong", "time"), "weft-mt");
    assertEquals(300.0, s.median()); // of 90, 100, 300, 310, 400
    assertEquals(90.0, s.min());
    assertEquals(400.0, s.max());
    assertEquals(List.of("weft-mt", "tokio-ct"), List.copyOf(r.impls()));
  }

  @Test
  void aRunInPassesSaysSoAndARunOfOnePassDoesNot() {
    List<String> inPasses = new java.util.ArrayList<>(LINES);
    inPasses.add("META|run|passes|2");
    String md = new MarkdownReport(Results.parse(inPasses)).render();
    assertTrue(md.contains("went over the implementations 2 times, every other pass in reverse"),
        md);
    assertFalse(new MarkdownReport(results()).render().contains("went over the implementations"));
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

  /** A run of the network workloads alone, weft's servers not yet in the build. */
  private static final List<String> NET_LINES = List.of(
      "META|run|mode|full",
      "META|run|date|2026-12-05 05:00 UTC",
      "META|run|rounds|W8 5 timed rounds after 2 warm-ups; W9 3 timed rounds after a memory round",
      "SKIP|weft-mt|W9_many_connections|dev.weft.net has not landed in weft-core yet",
      "SKIP|weft-mt|W8_echo|dev.weft.net has not landed in weft-core yet",
      "META|netty|net-sizes|W8 50 connections x 20,000 round trips",
      "META|netty|server-flags|-Xms1g -Xmx1g",
      "META|netty|version|Netty 4.2.18.Final (NIO transport)",
      "RESULT|netty|W9_many_connections|active_wall|s|1.500,1.400,1.600",
      "RESULT|netty|W9_many_connections|heap_per_connection|B|1800.000",
      "RESULT|netty|W9_many_connections|rss_per_connection|B|8000.000",
      "RESULT|netty|W8_echo|throughput|rt/s|120000.000,125000.000,118000.000",
      "RESULT|netty|W8_echo|p99|us|900.000,950.000,1000.000",
      "META|tokio-mt|net-sizes|W8 50 connections x 20,000 round trips",
      "RESULT|tokio-mt|W9_many_connections|active_wall|s|1.000,1.100,1.200",
      "RESULT|tokio-mt|W9_many_connections|rss_per_connection|B|3000.000",
      "RESULT|tokio-mt|W8_echo|throughput|rt/s|150000.000,140000.000,160000.000",
      "RESULT|tokio-mt|W8_echo|p99|us|700.000,800.000,900.000",
      "RESULT|weft-ct|W8_echo|throughput|rt/s|135000.000,130000.000,140000.000",
      "RESULT|weft-ct|W8_echo|p99|us|600.000,650.000,700.000");

  @Test
  void forARateTheBestPeerIsTheHighestAndWeftAheadIsAboveOne() {
    Results r = Results.parse(NET_LINES);
    MarkdownReport md = new MarkdownReport(r, true);
    Results.Row rate = r.row("W8_echo", "throughput");
    assertEquals("tokio-mt", md.bestPeer(rate).impl().id()); // 150,000 beats Netty's 120,000
    // 135,000 / 150,000
    assertEquals("0.90× tokio mt", md.ratioCell(rate, Implementations.of("weft-ct")));
    Results.Row p99 = r.row("W8_echo", "p99");
    assertEquals("tokio-mt", md.bestPeer(p99).impl().id()); // 800 beats Netty's 950
    assertEquals("0.81× tokio mt", md.ratioCell(p99, Implementations.of("weft-ct"))); // 650 / 800
  }

  @Test
  void aNetworkRunWritesNetMdWithTheEchoServersAndNothingElse(@TempDir Path dir) throws Exception {
    Report.writeNetwork(NET_LINES, dir);
    assertFalse(Files.exists(dir.resolve("RESULTS.md")));
    assertFalse(Files.exists(dir.resolve("chart.svg")));
    String md = Files.readString(dir.resolve("NET.md"));
    assertTrue(md.startsWith("# weft network benchmark results (W8, W9)\n"), md);
    // weft ct reported W8 figures here, so the headline does not say the run is without weft
    assertFalse(md.contains("without weft"), md);
    assertTrue(md.contains("| W9 many_connections | active wall | s | — | 1.50 [1.40–1.60] "
        + "| 1.10 [1.00–1.20] | — |"), md); // weft ct has no W9 figures, so no ratio either
    assertTrue(md.contains("|  | heap per connection | B | — | 1,800 | — | — |"), md);
    assertTrue(md.contains("- weft mt skipped W8_echo: dev.weft.net has not landed"), md);
    assertTrue(md.contains("- **Netty** (`netty`): Netty's NIO transport"), md);
    assertTrue(md.contains("JVM flags: `-Xms1g -Xmx1g` (W8's server also `-XX:+AlwaysPreTouch`). "
        + "Version: Netty 4.2.18.Final"), md);
    assertTrue(md.contains("- **tokio mt** (`tokio-mt`): `echo_server` of the shared tokio"), md);
    assertTrue(md.contains("Sizes: W8 50 connections x 20,000 round trips."), md);
    assertFalse(md.contains("chart.svg"), md);
    assertFalse(md.contains("W4 first"), md); // W1-W7's setup has no place here
  }

  @Test
  void aNetworkRunWithoutWeftsServersSaysSoInItsHeadline() {
    List<String> withoutWeft = NET_LINES.stream().filter(l -> !l.startsWith("RESULT|weft-ct"))
        .toList();
    String md = new MarkdownReport(Results.parse(withoutWeft), true).render();
    String headline = md.lines().filter(l -> l.startsWith("**Full run**")).findFirst()
        .orElseThrow();
    assertTrue(headline.endsWith(" · **W8/W9 without weft** (dev.weft.net has not landed in "
        + "weft-core yet)"), headline);
  }

  @Test
  void theChartHasBarGroupsForTheNetworkWorkloads(@TempDir Path dir) throws Exception {
    Report.write(NET_LINES, dir);
    String svg = Files.readString(dir.resolve("chart.svg"));
    assertTrue(svg.contains(">W8 echo, p99<") && svg.contains(">W9 idle RSS<"), svg);
    assertFalse(svg.contains(">W1 spawn_many<"));
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
