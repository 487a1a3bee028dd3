package dev.weft.bench.workloads;

import java.util.Map;

/**
 * Stops this JVM when one workload runs far past its time (a hang), so that {@code ./weft bench}
 * goes on with the next implementation: it prints a NOTE line for the report, every thread's
 * stack to stderr (the process's log) for whoever looks into it, and halts with
 * {@link #EXIT_CODE}.
 */
final class Watchdog {
  /** The exit code of a stopped process; the bench script knows it. */
  static final int EXIT_CODE = 3;

  private final Thread thread;

  private Watchdog(Thread thread) {
    this.thread = thread;
  }

  /** Starts watching {@code workload} of {@code impl}; {@link #stop()} it when that is done. */
  static Watchdog start(String impl, String workload, int seconds) {
    Thread t = Thread.ofPlatform().daemon().name("bench-watchdog").unstarted(() -> {
      try {
        Thread.sleep(seconds * 1000L);
      } catch (InterruptedException e) {
        return; // the workload finished
      }
      System.out.println("NOTE|" + impl + " " + workload.toUpperCase(java.util.Locale.ROOT)
          + " did not finish within " + seconds + " s and its process was stopped: no figures for it"
          + " or for the workloads after it (thread dump in logs/" + impl + ".log)");
      System.out.flush();
      System.err.println("watchdog: " + impl + " " + workload + " still running after " + seconds + " s");
      for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
        System.err.println("\"" + e.getKey().getName() + "\" " + e.getKey().getState());
        for (StackTraceElement f : e.getValue()) {
          System.err.println("    at " + f);
        }
      }
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_CODE);
    });
    t.start();
    return new Watchdog(t);
  }

  void stop() {
    thread.interrupt();
  }
}
