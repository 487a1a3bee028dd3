package dev.weft.weaver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The weaver from the command line, for build tools other than Maven:
 *
 * <pre>
 *   java -jar weft-weaver.jar [--classpath CP] [--exclude PATTERN]... [--report FILE] DIR
 *   ./weft weave DIR                      (the same, from weft's own launcher)
 * </pre>
 *
 * Weaves the class folder {@code DIR} in place, prints the summary (and every block with
 * {@code --verbose}), writes the whole report to {@code --report}, and exits 1 if a block is a
 * build error (an await inside {@code synchronized}), 2 on bad arguments.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the weaver.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** {@link #main} without the exit, for tests: returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<Path> classPath = new ArrayList<>();
    List<String> excludes = new ArrayList<>();
    Path report = null;
    Path dir = null;
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--classpath", "-cp" -> {
          if (++i == args.length) {
            return usage(err, a + " needs a value");
          }
          for (String e : args[i].split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
              classPath.add(Path.of(e));
            }
          }
        }
        case "--exclude" -> {
          if (++i == args.length) {
            return usage(err, a + " needs a value");
          }
          excludes.add(args[i]);
        }
        case "--report" -> {
          if (++i == args.length) {
            return usage(err, a + " needs a value");
          }
          report = Path.of(args[i]);
        }
        case "--verbose", "-v" -> verbose = true;
        case "--help", "-h" -> {
          usage(out, null);
          return 0;
        }
        default -> {
          if (a.startsWith("-") || dir != null) {
            return usage(err, "unexpected argument " + a);
          }
          dir = Path.of(a);
        }
      }
    }
    if (dir == null || !Files.isDirectory(dir)) {
      return usage(err, dir == null ? "no class folder given" : dir + " is not a folder");
    }
    Weaver w = Weaver.builder(dir).classPath(classPath);
    excludes.forEach(w::exclude);
    WeaveReport r;
    try {
      r = w.weave();
      if (report != null) {
        Files.writeString(report, r.text());
      }
    } catch (IOException e) {
      err.println("weft weave: " + e);
      return 1;
    }
    out.println("weft weave " + dir + ": " + r.summary());
    for (WeaveReport.Entry e : r.entries()) {
      if (verbose || e.status() == WeaveReport.Status.ERROR) {
        (e.status() == WeaveReport.Status.ERROR ? err : out).println("  " + e);
      }
    }
    return r.hasErrors() ? 1 : 0;
  }

  private static int usage(PrintStream s, String problem) {
    if (problem != null) {
      s.println("weft weave: " + problem);
    }
    s.println("usage: weft weave [--classpath CP] [--exclude PATTERN]... [--report FILE]"
        + " [--verbose] DIR");
    s.println("  weaves the async lambdas of the class folder DIR into state machines, in place");
    return 2;
  }
}
