package dev.weft.redis;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * {@code ./weft redis [--port 6379] [--bind 127.0.0.1] [--runtime mt|ct]}: runs a
 * {@link RedisServer} until SIGINT or SIGTERM, then shuts it down gracefully and exits with
 * status 0.
 */
public final class Main {
  private static volatile boolean stopping;

  private Main() {}

  /**
   * Starts the server.
   *
   * @param args {@code --port N}, {@code --bind ADDRESS}, {@code --runtime mt|ct}
   * @throws InterruptedException if the main thread is interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    // Every connection is a poll-based future, never pinned to a worker, so the multi-thread
    // runtime may serve any socket from whichever worker is awake: one shared selector (the
    // runtime's default is a selector per worker whenever the coroutine flag is on, for pinned
    // tasks). With it, -P 1 runs at 0.55-0.6 ms p99 against 1.7-2.6 ms per worker, at the same
    // rate or better (weft-redis/results). The system property still chooses either.
    if (System.getProperty("weft.io.selectors") == null) {
      System.setProperty("weft.io.selectors", "shared");
    }
    // A command is a few microseconds, so a second worker pays only once the first cannot keep
    // up: wake it to share a batch only after the first has been busy 2 ms without a break (the
    // runtime's default is at once, as tokio's). On two cores beside redis-benchmark, one worker
    // keeps up with the client at -P 16 (the current-thread server serves more than the
    // multi-thread one), and a second one awake only takes the client's core: against 300 µs,
    // 2 ms raised the -P 16 rate on 13 of 14 test-by-test comparisons (two runs, SET, GET,
    // INCR, LPUSH, LPOP, PING); at -P 1 neither was ahead. Without any wait, -P 1 ran at
    // 52-58k requests a second, against 70-76k with 300 µs (the runtime's Worker#shareLater
    // says more). The property still chooses.
    if (System.getProperty("weft.shareBusyNanos") == null) {
      System.setProperty("weft.shareBusyNanos", "2000000");
    }
    int port = 6379;
    String bind = "127.0.0.1";
    RedisServer.Flavor flavor = RedisServer.Flavor.MULTI_THREAD;
    int shards = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--port" -> port = number(a, need(a, v), 0, 65535);
        case "--bind" -> bind = need(a, v);
        case "--runtime" -> flavor = switch (need(a, v)) {
          case "mt" -> RedisServer.Flavor.MULTI_THREAD;
          case "ct" -> RedisServer.Flavor.CURRENT_THREAD;
          default -> usage("--runtime takes mt or ct, not " + v);
        };
        case "--shards" -> {
          shards = number(a, need(a, v), 1, 64);
          if (Integer.bitCount(shards) != 1) {
            usage("--shards takes a power of two up to 64, not " + shards);
          }
        }
        case "-h", "--help" -> usage(null);
        default -> usage("unknown option " + a);
      }
      i++;
    }
    RedisServer server = listen(bind, port, flavor,
        shards > 0 ? shards : RedisServer.defaultShards(flavor));
    System.out.println("weft-redis (Redis " + ServerCommands.VERSION + " protocol) listening on "
        + bind + ":" + server.port() + ", runtime " + server.runtimeName()
        + "; Ctrl-C to stop");
    System.out.flush();
    // SIGINT and SIGTERM close the server gracefully and then exit through System.exit(0), so
    // the JVM's other shutdown hooks still run (a flight recording's dump on exit, say). A
    // shutdown hook alone could make the status 0 only by halting, which skips them. A signal
    // the shell started us ignoring (SIGINT in a background job) stays ignored, as for any
    // program; the hook covers every other way the JVM ends.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "weft-redis-shutdown"));
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
          stop(server);
          System.exit(0);
        });
      } catch (IllegalArgumentException notHandled) {
        // The JVM keeps this signal to itself (-Xrs) or it is ignored: the hook still closes.
      }
    }
    server.awaitStopped();
    if (!stopping) {
      System.err.println("weft-redis: the server stopped on a failure (see above)");
      System.exit(1);
    }
  }

  /** Closes the server once, whichever of the signal handler and the shutdown hook comes first. */
  private static synchronized void stop(RedisServer server) {
    if (stopping) {
      return;
    }
    stopping = true;
    System.out.println("weft-redis: shutting down");
    server.close();
    System.out.println("weft-redis: stopped");
    System.out.flush();
  }

  /** Starts the server, or ends the process with a sentence and status 1 if it cannot listen. */
  private static RedisServer listen(String bind, int port, RedisServer.Flavor flavor,
      int shards) {
    InetSocketAddress address = new InetSocketAddress(bind, port);
    String why;
    if (address.isUnresolved()) { // bind would throw UnresolvedAddressException, no I/O error
      why = "the name resolves to no address";
    } else {
      try {
        return RedisServer.start(address, flavor, new Limits(), shards);
      } catch (UncheckedIOException e) {
        why = e.getCause().getMessage();
      }
    }
    System.err.println("weft-redis: cannot listen on " + bind + ":" + port + ": " + why);
    System.exit(1);
    return null;
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    return usage(option + " takes a whole number from " + min + " to " + max + ", not " + value);
  }

  private static String need(String option, String value) {
    if (value == null) {
      usage(option + " needs a value");
    }
    return value;
  }

  private static <T> T usage(String problem) {
    if (problem != null) {
      System.err.println("weft-redis: " + problem);
    }
    System.err.println("usage: ./weft redis [--port 6379] [--bind 127.0.0.1] [--runtime mt|ct]");
    System.exit(problem == null ? 0 : 2);
    return null;
  }
}
