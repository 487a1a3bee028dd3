package dev.weft.bench.net;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the network workloads (W8 echo, W9 many_connections) against one echo server and prints
 * the harness's lines ({@code RESULT|server|W8_echo|...}) for the report. {@code bench.sh} runs it
 * once per server.
 *
 * <pre>
 *   --server weft-mt|weft-ct|netty|vthreads|tokio-mt   the server under load
 *   --workload w8,w9                                    which workloads (W9 first)
 *   --quick                                             one round, smaller counts
 *   --echo-rounds N                                     W8's timed rounds (5; a run in passes
 *                                                       gives each pass its share)
 *   --java JAVA --jar JAR --heap 1g --jvm-flags "..."   how to start a JVM server
 *   --tokio-server PATH                                 tokio's echo_server
 *   --echo-client PATH                                  W8's client of record (echo_client)
 *   --net-client PATH                                   weft-net-client (W9; W8's p99.9)
 *   --logs DIR                                          every process's output
 * </pre>
 *
 * <p>Each workload gets a server process of its own, so that W9's memory readings start from a
 * server that has served nothing but W9's warm-up. W8's figures of record (round trips per
 * second, p50, p99) come from {@code echo_client} of the shared tokio benchmarks, unchanged;
 * it prints no p99.9, so one more round of W8's shape by {@code weft-net-client} gives that
 * (reported as {@code p99.9_one_round}). W9's client is {@code weft-net-client many}; between its
 * steps this harness reads the server's memory (see {@link ServerProcess#memory}).
 */
public final class NetBench {
  /** Workload sizes; the quick ones give a first look. */
  record Sizes(int echoConns, int echoIters, int echoRounds, int echoWarmups, int echoWarmupIters,
      int manyConns, int manyMsgs, int manyRounds, int manyWarmupConns, int memoryProcesses) {
    // W9's warm-up rounds of 5,000 connections: with 1,000, the JIT still compiled the server's
    // per-connection code during the memory round, and the compiler's own memory (its arenas,
    // freed to malloc but kept by it) counted as the connections' RSS: Native Memory Tracking
    // showed "Arena Chunk" moving by -5 to +7 MB across that round, and RSS per connection moved
    // from 2,000 to 4,700 B between processes of the same server (weft ct; Netty 3,100-3,200).
    // With 5,000: weft ct 1,590-1,750 B, Netty 1,840-1,870, each close to its heap figure.
    static final Sizes FULL = new Sizes(50, 20_000, 5, 2, 5_000, 10_000, 10, 3, 5_000, 3);
    static final Sizes QUICK = new Sizes(50, 5_000, 1, 1, 2_000, 2_000, 10, 1, 1_000, 1);

    /** These sizes with {@code rounds} timed rounds of W8. */
    Sizes withEchoRounds(int rounds) {
      if (rounds < 1) {
        throw new IllegalArgumentException("--echo-rounds must be 1 or more, not " + rounds);
      }
      return new Sizes(echoConns, echoIters, rounds, echoWarmups, echoWarmupIters, manyConns,
          manyMsgs, manyRounds, manyWarmupConns, memoryProcesses);
    }

    String describe() {
      return String.format(Locale.ROOT, "W8 %,d connections x %,d round trips of 64 B, %d timed "
          + "round%s after %d warm-up%s of %,d (echo_client), p99.9 from one more round of the "
          + "same shape (weft-net-client); W9 %,d connections x %,d messages of 64 B in %d "
          + "server process%s, each %d timed round%s after 2 warm-ups of %,d connections and a "
          + "memory round; memory per idle connection from the memory rounds",
          echoConns, echoIters, echoRounds, echoRounds == 1 ? "" : "s", echoWarmups,
          echoWarmups == 1 ? "" : "s", echoWarmupIters, manyConns, manyMsgs, memoryProcesses,
          memoryProcesses == 1 ? "" : "es", manyRounds, manyRounds == 1 ? "" : "s",
          manyWarmupConns);
    }
  }

  /** The workload name of W8 in echo_client's lines, which predate the current numbering. */
  private static final String ECHO_CLIENT_WORKLOAD = "W6_echo";

  private static final Duration W8_LIMIT = Duration.ofSeconds(900);
  private static final Duration W9_STEP_LIMIT = Duration.ofSeconds(300);

  private final String server;
  private final Sizes sizes;
  private final List<String> javaCommand;
  private final Path tokioServer;
  private final Path echoClient;
  private final Path netClient;
  private final Path logs;
  private boolean allWorked = true;

  private NetBench(String server, Sizes sizes, List<String> javaCommand, Path tokioServer,
      Path echoClient, Path netClient, Path logs) {
    this.server = server;
    this.sizes = sizes;
    this.javaCommand = javaCommand;
    this.tokioServer = tokioServer;
    this.echoClient = echoClient;
    this.netClient = netClient;
    this.logs = logs;
  }

  public static void main(String[] args) throws Exception {
    String server = arg(args, "--server", "");
    boolean quick = Arrays.asList(args).contains("--quick");
    List<String> workloads = new ArrayList<>();
    for (String w : arg(args, "--workload", "w8,w9").split(",")) {
      workloads.add(w.strip().toLowerCase(Locale.ROOT));
    }
    workloads.sort(null); // w8 before w9...
    if (workloads.remove("w9")) {
      workloads.add(0, "w9"); // ...but W9 first: a failed W8 must not cost W9's figures
    }
    List<String> java = new ArrayList<>();
    java.add(arg(args, "--java", "java"));
    String heap = arg(args, "--heap", "1g");
    java.addAll(List.of("-Xms" + heap, "-Xmx" + heap));
    for (String flag : arg(args, "--jvm-flags", "").strip().split("\\s+")) {
      if (!flag.isEmpty()) {
        java.add(flag);
      }
    }
    java.addAll(List.of("-cp", arg(args, "--jar", "weft-bench/target/benchmarks.jar")));
    Sizes sizes = quick ? Sizes.QUICK : Sizes.FULL;
    String echoRounds = arg(args, "--echo-rounds", "");
    if (!echoRounds.isEmpty()) {
      sizes = sizes.withEchoRounds(Integer.parseInt(echoRounds));
    }
    NetBench bench = new NetBench(server, sizes, java,
        Path.of(arg(args, "--tokio-server", "echo_server")),
        Path.of(arg(args, "--echo-client", "echo_client")),
        Path.of(arg(args, "--net-client", "weft-net-client")),
        Path.of(arg(args, "--logs", ".")));
    System.exit(bench.run(workloads) ? 0 : 1);
  }

  /** Runs {@code workloads}; false when one of them failed (its note says why). */
  boolean run(List<String> workloads) throws InterruptedException {
    boolean tokio = server.equals("tokio-mt");
    if (!tokio && !EchoServerMain.available(server)) {
      for (String w : workloads) {
        System.out.println("SKIP|" + server + "|" + workloadName(w) + "|dev.weft.net has not "
            + "landed in weft-core yet; weft's echo server waits in weft-bench/src/pending");
      }
      return true;
    }
    System.out.println("META|" + server + "|net-sizes|" + sizes.describe());
    if (!tokio) {
      System.out.println("META|" + server + "|server-flags|"
          + String.join(" ", javaCommand.subList(1, javaCommand.size() - 2)));
    }
    if (server.equals("netty")) {
      System.out.println("META|netty|version|Netty " + nettyVersion() + " (NIO transport)");
    }
    for (String w : workloads) {
      try {
        switch (w) {
          case "w8" -> echo();
          case "w9" -> manyConnections();
          default -> throw new Failure("unknown workload " + w + " (w8, w9)");
        }
      } catch (Failure | IOException e) {
        allWorked = false;
        System.out.println("NOTE|" + server + " " + workloadName(w) + " failed: " + e.getMessage()
            + " (logs: " + logs.getFileName() + "/" + server + "-" + w + "-*.log)");
      }
      System.out.flush();
    }
    return allWorked;
  }

  /** W8: echo_client's rounds, then one round of weft-net-client for the p99.9. */
  private void echo() throws IOException, InterruptedException {
    try (ServerProcess s = startServer("w8", true)) {
      String port = Integer.toString(s.port());
      runClient("w8-echo_client", List.of(echoClient.toString(), "--port", port, "--label", server,
          "--conns", Integer.toString(sizes.echoConns()),
          "--iters", Integer.toString(sizes.echoIters()),
          "--rounds", Integer.toString(sizes.echoRounds()),
          "--warmup", Integer.toString(sizes.echoWarmups()),
          "--warmup-iters", Integer.toString(sizes.echoWarmupIters())));
      runClient("w8-p99.9", List.of(netClient.toString(), "echo", "--port", port, "--label",
          server, "--conns", Integer.toString(sizes.echoConns()),
          "--iters", Integer.toString(sizes.echoIters()),
          "--warmup-iters", Integer.toString(sizes.echoWarmupIters())));
    }
  }

  /** Runs a client to its end, passing its RESULT lines on. */
  private void runClient(String step, List<String> command)
      throws IOException, InterruptedException {
    try (ChildProcess client = ChildProcess.start(server + "-" + step, command, log(step))) {
      for (String line; (line = client.next(W8_LIMIT)) != null; ) {
        String mean = meanLatency(passOn(line), sizes.echoConns());
        if (mean != null) {
          print(mean);
        }
      }
      int exit = client.waitFor(Duration.ofSeconds(30));
      if (exit != 0) {
        throw new Failure(step + " ended with exit code " + exit);
      }
    }
  }

  /**
   * W9: the client's warm-up, the server's memory before, the memory round's connections held
   * idle and the memory again, then the timed rounds. Per idle connection = (idle - before) /
   * connections. The memory is read in {@code sizes.memoryProcesses()} fresh server processes,
   * each of which then runs the timed rounds: on a JVM the heap varies by up to a fifth from one
   * process to the next (with the tier the JIT had reached when each connection's task first
   * suspended), and the active wall by as much (one process's three rounds put the woven mt
   * server at 1.99 s against the continuation's 1.50 in one run, at 1.62 against 2.17 in the run
   * before), so one process's figure is a sample, not a figure of record.
   */
  private void manyConnections() throws IOException, InterruptedException {
    List<Double> heap = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    try {
      for (int p = 0; p < sizes.memoryProcesses(); p++) {
        manyConnectionsProcess(sizes.manyRounds(), heap, rss);
      }
    } finally {
      // What was measured is reported even when a later process failed.
      results("W9_many_connections", "heap_per_connection", "B", heap);
      results("W9_many_connections", "rss_per_connection", "B", rss);
    }
  }

  /** One W9 server process: its memory round (added to the lists), then {@code rounds}. */
  private void manyConnectionsProcess(int rounds, List<Double> heap, List<Double> rss)
      throws IOException, InterruptedException {
    try (ServerProcess s = startServer("w9", false);
        ChildProcess client = ChildProcess.start(server + "-w9-client", List.of(
            netClient.toString(), "many", "--port", Integer.toString(s.port()),
            "--label", server,
            "--conns", Integer.toString(sizes.manyConns()),
            "--msgs", Integer.toString(sizes.manyMsgs()),
            "--rounds", Integer.toString(rounds),
            "--warmup-conns", Integer.toString(sizes.manyWarmupConns())), log("w9-client"))) {
      waitFor(client, "BASELINE");
      ServerProcess.Memory before = s.memory();
      client.send("go");
      String idle = waitFor(client, "IDLE ");
      int connections = Integer.parseInt(idle.substring(5).strip());
      ServerProcess.Memory held = s.memory();
      client.send("go");
      for (String line; (line = client.next(W9_STEP_LIMIT)) != null; ) {
        passOn(line);
      }
      int exit = client.waitFor(Duration.ofSeconds(30));
      if (before.heapBytes() >= 0) {
        heap.add((double) (held.heapBytes() - before.heapBytes()) / connections);
      }
      rss.add((double) (held.rssBytes() - before.rssBytes()) / connections);
      if (exit != 0) {
        throw new Failure("the W9 client ended with exit code " + exit);
      }
    }
  }

  /** The client's lines up to the one that starts with {@code signal}, which it returns. */
  private String waitFor(ChildProcess client, String signal) throws InterruptedException {
    for (String line; (line = client.next(W9_STEP_LIMIT)) != null; ) {
      if (line.startsWith(signal)) {
        return line;
      }
      passOn(line);
    }
    throw new Failure(client.name() + " ended before it said " + signal.strip() + " (see "
        + client.log().getFileName() + ")");
  }

  private ServerProcess startServer(String workload, boolean timed)
      throws IOException, InterruptedException {
    String name = server + "-" + workload + "-server";
    if (server.equals("tokio-mt")) {
      return ServerProcess.startTokio(name, tokioServer, log(workload + "-server"));
    }
    List<String> command = new ArrayList<>(javaCommand);
    if (timed) {
      // As for the timed workloads of W1-W7: a heap touched before the clock starts. W9 reads
      // RSS growth, so its server's heap is left untouched.
      command.add(1, "-XX:+AlwaysPreTouch");
    }
    ServerProcess s = ServerProcess.startJvm(name, command, server, log(workload + "-server"));
    if (s == null) {
      throw new Failure(server + "'s echo server is not in this build");
    }
    return s;
  }

  /** Passes a client's RESULT line on (see {@link #asReported}); returns it, or null. */
  private static String passOn(String line) {
    String result = asReported(line);
    if (result != null) {
      print(result);
    }
    return result;
  }

  private static void print(String resultLine) {
    System.out.println(resultLine);
    System.out.flush();
  }

  /** A client's RESULT line as the report takes it (W8's under its current name), else null. */
  static String asReported(String line) {
    if (!line.startsWith("RESULT|")) {
      return null;
    }
    String[] f = line.split("\\|", -1);
    if (f.length == 6 && f[2].equals(ECHO_CLIENT_WORKLOAD)) {
      f[2] = "W8_echo";
    }
    return String.join("|", f);
  }

  /**
   * W8's mean round-trip latency, from a throughput line of its rounds: each of {@code conns}
   * connections has one round trip in flight at all times (a closed loop), so the mean latency
   * is {@code conns / throughput} (Little's law). It is reported beside p50 because, in a closed
   * loop, a server whose round trips stall now and then (a worker preempted while it holds its
   * connections) shows a lower median at a lower throughput: its stalls move latency into the
   * tail. Null for any other line.
   */
  static String meanLatency(String reported, int conns) {
    if (reported == null) {
      return null;
    }
    String[] f = reported.split("\\|", -1);
    if (f.length != 6 || !f[2].equals("W8_echo") || !f[3].equals("throughput")) {
      return null;
    }
    List<Double> means = new ArrayList<>();
    for (String v : f[5].split(",")) {
      means.add(conns * 1e6 / Double.parseDouble(v.strip()));
    }
    return "RESULT|" + f[1] + "|W8_echo|mean|us|" + csv(means);
  }

  /** One RESULT line of several values (none: no line). */
  private void results(String workload, String metric, String unit, List<Double> values) {
    if (values.isEmpty()) {
      return;
    }
    print("RESULT|" + server + "|" + workload + "|" + metric + "|" + unit + "|" + csv(values));
  }

  /** The values of a RESULT line: comma-separated, three decimals. */
  private static String csv(List<Double> values) {
    StringBuilder csv = new StringBuilder();
    for (double v : values) {
      csv.append(csv.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.3f", v));
    }
    return csv.toString();
  }

  private Path log(String step) {
    return logs.resolve(server + "-" + step + ".log");
  }

  private static String workloadName(String w) {
    return switch (w) {
      case "w8" -> "W8_echo";
      case "w9" -> "W9_many_connections";
      default -> w;
    };
  }

  private static String nettyVersion() {
    return io.netty.util.Version.identify().values().stream()
        .filter(v -> v.artifactId().equals("netty-transport"))
        .map(io.netty.util.Version::artifactVersion)
        .findFirst().orElse("4.2");
  }

  private static String arg(String[] args, String name, String otherwise) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return otherwise;
  }
}
