package dev.weft.bench.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An echo server in a process of its own: a JVM running {@link EchoServerMain}, or tokio's
 * {@code echo_server}. The harness reads its memory here: RSS from {@code /proc/<pid>/status}
 * for every server, the heap after a full GC from a JVM server itself.
 */
final class ServerProcess implements AutoCloseable {
  /** The server's memory at one moment; {@code heapBytes} is -1 for a server with no JVM heap. */
  record Memory(long heapBytes, long rssBytes) {}

  private static final Duration START_LIMIT = Duration.ofSeconds(60);
  private static final Duration STATS_LIMIT = Duration.ofSeconds(120);

  private final ChildProcess process;
  private final int port;
  private final boolean jvm;

  private ServerProcess(ChildProcess process, int port, boolean jvm) {
    this.process = process;
    this.port = port;
    this.jvm = jvm;
  }

  /**
   * Starts {@link EchoServerMain} with {@code javaCommand} (java and its flags, up to the class
   * path) and waits for its {@code LISTENING} line.
   *
   * @return the server, or null when this build does not have it ({@code UNAVAILABLE})
   */
  static ServerProcess startJvm(String name, List<String> javaCommand, String server, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(javaCommand);
    command.addAll(List.of(EchoServerMain.class.getName(), "--server", server, "--port", "0"));
    ChildProcess p = ChildProcess.start(name, command, log);
    try {
      for (String line; (line = p.next(START_LIMIT)) != null; ) {
        if (line.startsWith("LISTENING ")) {
          return new ServerProcess(p, Integer.parseInt(line.substring(10).strip()), true);
        }
        if (line.startsWith("UNAVAILABLE")) {
          p.close();
          return null;
        }
      }
      throw new Failure(name + " ended before it listened (see " + log.getFileName() + ")");
    } catch (RuntimeException | InterruptedException e) {
      p.close();
      throw e;
    }
  }

  /**
   * Starts tokio's {@code echo_server} (its one argument is the port) on a free port and waits
   * until that port takes connections.
   */
  static ServerProcess startTokio(String name, Path echoServer, Path log)
      throws IOException, InterruptedException {
    int port = freePort();
    ChildProcess p = ChildProcess.start(name, List.of(echoServer.toString(),
        Integer.toString(port)), log);
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (true) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return new ServerProcess(p, port, false);
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.close();
          throw new Failure(name + " did not listen on port " + port + " (see "
              + log.getFileName() + ")");
        }
        Thread.sleep(50);
      }
    }
  }

  int port() {
    return port;
  }

  /** The memory now: a JVM server collects its garbage first (and answers with its heap). */
  Memory memory() throws IOException, InterruptedException {
    long heap = -1;
    if (jvm) {
      process.send("STATS");
      String line;
      do {
        line = process.next(STATS_LIMIT);
        if (line == null) {
          throw new Failure(process.name() + " ended instead of answering STATS");
        }
      } while (!line.startsWith("STATS "));
      heap = Long.parseLong(line.split(" ")[1]);
    }
    return new Memory(heap, rssBytes());
  }

  /** The server's resident set size, from {@code /proc/<pid>/status}. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()),
        "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new Failure("no VmRSS in /proc/" + process.pid() + "/status");
  }

  @Override
  public void close() {
    process.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
