package dev.weft.bench.report;

import dev.weft.bench.report.Implementations.Impl;
import dev.weft.bench.report.Results.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * chart.svg: one bar group per workload (its headline metric), one bar per implementation
 * (the median, a whisker for the min–max range), on a log scale since the figures span decades.
 * Plain SVG text, no plotting library.
 */
final class SvgChart {
  /** The metric a workload's bar group shows, and how its axis label reads. */
  record Group(String workload, String metric, String title, String unit) {}

  static final List<Group> GROUPS = List.of(
      new Group("W1_spawn_many", "time", "W1 spawn_many", "ns per task"),
      new Group("W2_ping_pong", "time", "W2 ping_pong", "ns per round trip"),
      new Group("W3_mpsc", "time", "W3 mpsc", "ns per message"),
      new Group("W4_idle_memory", "heap_per_task", "W4 idle heap", "bytes per idle task"),
      new Group("W5_chained_spawn", "time", "W5 chained_spawn", "ns per spawn"),
      new Group("W6_timers", "loaded_lateness_p99", "W6 timers, p99 late", "ms under load"),
      new Group("W7_yield_many", "time", "W7 yield_many", "ns per yield"),
      new Group("W8_echo", "p99", "W8 echo, p99", "µs per round trip"),
      new Group("W9_many_connections", "rss_per_connection", "W9 idle RSS",
          "bytes per connection"));

  private static final int WIDTH = 1100;
  private static final int HEIGHT = 610;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final int TOP = 120;
  private static final int BOTTOM = 70;

  private final Results results;
  private final List<Impl> impls;
  private final List<Group> groups = new ArrayList<>();

  SvgChart(Results results) {
    this.results = results;
    this.impls = Implementations.ordered(results.impls());
    for (Group g : GROUPS) {
      if (results.row(g.workload(), g.metric()) != null) {
        groups.add(g);
      }
    }
  }

  String render() {
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (Group g : groups) {
      for (Impl i : impls) {
        Summary s = summary(g, i);
        if (s != null && s.median() > 0) {
          lo = Math.min(lo, s.min() > 0 ? s.min() : s.median());
          hi = Math.max(hi, s.max());
        }
      }
    }
    if (hi == 0) {
      lo = 1;
      hi = 10;
    }
    int decadeLo = (int) Math.floor(Math.log10(lo));
    int decadeHi = Math.max(decadeLo + 1, (int) Math.ceil(Math.log10(hi)));
    Scale y = new Scale(decadeLo, decadeHi, TOP, HEIGHT - BOTTOM);

    StringBuilder svg = new StringBuilder();
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    title(svg);
    legend(svg);
    axis(svg, y, decadeLo, decadeHi);
    bars(svg, y);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private Summary summary(Group g, Impl i) {
    Row row = results.row(g.workload(), g.metric());
    return row == null ? null : results.summary(row, i.id());
  }

  private void title(StringBuilder svg) {
    String mode = results.meta("run", "mode", "full").equals("quick") ? "quick run" : "full run";
    text(svg, LEFT, 26, 18, "start", "bold",
        "weft and its peers: median per workload, lower is better (log scale)");
    text(svg, LEFT, 46, 12, "start", "normal",
        mode + " · " + results.meta("run", "date", "") + " · " + results.meta("run", "machine", "")
            + " · whiskers: min–max of the rounds");
  }

  private void legend(StringBuilder svg) {
    double x = LEFT;
    for (Impl i : impls) {
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"60\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, i.color()));
      text(svg, x + 17, 71, 12, "start", "normal", i.label());
      x += 30 + 7.2 * i.label().length();
    }
  }

  private void axis(StringBuilder svg, Scale y, int decadeLo, int decadeHi) {
    int right = WIDTH - RIGHT;
    for (int d = decadeLo; d <= decadeHi; d++) {
      double v = Math.pow(10, d);
      double py = y.at(v);
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#bbbbbb\" stroke-width=\"1\"/>%n",
          LEFT, py, right, py));
      text(svg, LEFT - 8, py + 4, 12, "end", "normal", decadeLabel(d));
      for (int m = 2; d < decadeHi && m <= 9; m++) {
        double pm = y.at(m * v);
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\" stroke-width=\"1\"/>%n",
            LEFT, pm, right, pm));
      }
    }
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>%n",
        LEFT, TOP, LEFT, HEIGHT - BOTTOM));
    double mid = (TOP + HEIGHT - BOTTOM) / 2.0;
    svg.append(String.format(Locale.ROOT,
        "<text x=\"22\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 22 %.1f)\">median, log scale (unit under each workload)</text>%n",
        mid, mid));
  }

  private void bars(StringBuilder svg, Scale y) {
    double plotWidth = WIDTH - LEFT - RIGHT;
    double groupWidth = plotWidth / Math.max(1, groups.size());
    double barWidth = groupWidth * 0.8 / Math.max(1, impls.size());
    double base = HEIGHT - BOTTOM;
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      double x0 = LEFT + g * groupWidth + groupWidth * 0.1;
      for (int k = 0; k < impls.size(); k++) {
        Impl impl = impls.get(k);
        Summary s = summary(group, impl);
        double x = x0 + k * barWidth;
        double cx = x + barWidth / 2;
        if (s == null || s.median() <= 0) {
          vertical(svg, cx, base - 4, s == null ? "n/a" : "≤ 0");
          continue;
        }
        double top = y.at(s.median());
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s, %s: %s %s</title></rect>%n",
            x + 1, top, barWidth - 2, Math.max(0.5, base - top), impl.color(),
            escape(impl.label()), escape(group.title()), Fmt.number(s.median()), escape(group.unit())));
        vertical(svg, cx, Math.min(top, s.rounds() > 1 && s.max() > 0 ? y.at(s.max()) : top) - 4,
            Fmt.number(s.median()));
        if (s.rounds() > 1 && s.min() > 0) {
          double y1 = y.at(s.min());
          double y2 = y.at(s.max());
          svg.append(String.format(Locale.ROOT,
              "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" stroke=\"#222222\" "
                  + "stroke-width=\"1\" fill=\"none\"/>%n",
              cx, y1, y2, cx - 3, y1, cx + 3, cx - 3, y2, cx + 3));
        }
      }
      double gx = LEFT + g * groupWidth + groupWidth / 2;
      text(svg, gx, base + 20, 12, "middle", "bold", group.title());
      text(svg, gx, base + 36, 11, "middle", "normal", group.unit());
    }
  }

  /** A small label reading upwards from (x, y): a bar's value, or why there is no bar. */
  private static void vertical(StringBuilder svg, double x, double y, String s) {
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#444444\" "
            + "transform=\"rotate(-90 %.1f %.1f)\" dominant-baseline=\"middle\">%s</text>%n",
        x, y, x, y, escape(s)));
  }

  /** 1, 10, 100, 1k, 10k, 100k, 1M; 0.1, 0.01 below one. */
  static String decadeLabel(int d) {
    if (d < 0) {
      return String.format(Locale.ROOT, "%." + (-d) + "f", Math.pow(10, d));
    }
    String[] suffix = {"", "k", "M", "G"};
    int group = Math.min(d / 3, suffix.length - 1);
    return (long) Math.pow(10, d - 3 * group) + suffix[group];
  }

  private static void text(StringBuilder svg, double x, double y, int size, String anchor,
      String weight, String s) {
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" font-weight=\"%s\" "
            + "fill=\"#222222\">%s</text>%n", x, y, size, anchor, weight, escape(s)));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Maps a value to a y pixel: decade {@code lo} at the bottom, decade {@code hi} at the top. */
  private record Scale(int lo, int hi, double top, double bottom) {
    double at(double v) {
      double f = (Math.log10(v) - lo) / (hi - lo);
      return bottom - f * (bottom - top);
    }
  }
}
