package dev.weft.bench.net;

import dev.weft.bench.workloads.Measure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One echo server per process, driven by {@link NetBench} over stdin and stdout.
 *
 * <pre>
 *   --server netty|vthreads|weft-mt|weft-ct   which server
 *   --port P                                  0 (the default): any free port
 * </pre>
 * Prints {@code LISTENING <port>} once it accepts connections. Then each line {@code STATS} on
 * stdin is answered with {@code STATS <heap bytes after GC> <RSS bytes> <failed connections>};
 * the process ends when stdin ends (or when it is killed). A server that is not in this build
 * (weft's, until {@code dev.weft.net} is in weft-core) answers {@code UNAVAILABLE <why>} and
 * ends with exit code {@value #UNAVAILABLE_EXIT}.
 */
public final class EchoServerMain {
  private EchoServerMain() {}

  /** The exit code of a server that this build does not have. */
  static final int UNAVAILABLE_EXIT = 4;

  /**
   * weft's server, written against {@code dev.weft.net}. Loaded by name so that this class
   * compiles whether or not that package is in weft-core yet.
   */
  static final String WEFT_SERVER = "dev.weft.bench.net.WeftEchoServer";

  public static void main(String[] args) throws Exception {
    String kind = arg(args, "--server", "");
    int port = Integer.parseInt(arg(args, "--port", "0"));
    EchoServer server;
    try {
      server = create(kind);
    } catch (ClassNotFoundException e) {
      System.out.println("UNAVAILABLE " + WEFT_SERVER + " is not in this build (it needs "
          + "dev.weft.net in weft-core; its source waits in weft-bench/src/pending)");
      System.exit(UNAVAILABLE_EXIT);
      return;
    }
    System.out.println("LISTENING " + server.start(port));
    System.out.flush();
    BufferedReader control = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = control.readLine()) != null; ) {
      if (line.strip().equals("STATS")) {
        long heap = Measure.usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "STATS %d %d %d%n", heap, Measure.rssBytes(),
            server.failedConnections());
        System.out.flush();
      } else {
        System.err.println("echo server: unknown command '" + line + "' (STATS, or end stdin)");
      }
    }
    // The harness is done with this server; its serving threads must not keep the JVM alive.
    System.exit(0);
  }

  static EchoServer create(String kind) throws ReflectiveOperationException {
    return switch (kind) {
      case "netty" -> new NettyEchoServer();
      case "vthreads" -> new VirtualThreadEchoServer();
      // The woven servers are the same class from the woven build's jar (the harness runs it).
      case "weft-mt", "weft-ct", "weft-mt-woven", "weft-ct-woven" ->
          (EchoServer) Class.forName(WEFT_SERVER)
              .getDeclaredConstructor(boolean.class).newInstance(kind.startsWith("weft-mt"));
      default -> throw new IllegalArgumentException(
          "--server netty|vthreads|weft-mt|weft-ct|weft-mt-woven|weft-ct-woven, not '" + kind
              + "'");
    };
  }

  /** Whether this build has {@code kind}'s server (weft's needs {@code dev.weft.net}). */
  static boolean available(String kind) {
    if (!kind.startsWith("weft-")) {
      return true;
    }
    try {
      Class.forName(WEFT_SERVER, false, EchoServerMain.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
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
