package dev.weft.weaver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a weaving run did, block by block: woven, left on the continuation engine (with the
 * reason), or refused with a build error (an await inside {@code synchronized}).
 */
public final class WeaveReport {

  /** The outcome for one async lambda. */
  public enum Status {
    /** Compiled into a state machine. */
    WOVEN,
    /** Left on the continuation engine; the reason says why. */
    NOT_WOVEN,
    /** A build error: the code is wrong whichever engine runs it. */
    ERROR
  }

  /**
   * One async lambda.
   *
   * @param status what happened
   * @param className the class holding the lambda (dotted)
   * @param method the lambda's method ({@code lambda$main$0})
   * @param sourceFile the source file, or null
   * @param line the line the entry is about (the body's first, or the offending one), or -1
   * @param detail the reason, or for a woven block how many awaits it has
   */
  public record Entry(Status status, String className, String method, String sourceFile,
      int line, String detail) {

    /** {@code dev.x.Foo.lambda$main$0 (Foo.java:12)}, as a stack trace writes a place. */
    public String where() {
      String file = sourceFile == null ? "unknown source" : sourceFile;
      return className + "." + method + " (" + file + (line > 0 ? ":" + line : "") + ")";
    }

    @Override
    public String toString() {
      String word = switch (status) {
        case WOVEN -> "woven     ";
        case NOT_WOVEN -> "not woven ";
        case ERROR -> "ERROR     ";
      };
      return word + where() + ": " + detail;
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private int classesWritten;
  private int wovenEarlier;

  void add(Entry e) {
    entries.add(e);
  }

  void classWritten() {
    classesWritten++;
  }

  void wovenEarlier(int n) {
    wovenEarlier = n;
  }

  /**
   * Blocks found already woven (their classes are in the folder from an earlier run, as after
   * an incremental build that did not recompile them).
   *
   * @return how many
   */
  public int wovenEarlier() {
    return wovenEarlier;
  }

  /** Every entry, in the order the classes were woven. */
  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  /** Entries of one status. */
  public List<Entry> entries(Status s) {
    return entries.stream().filter(e -> e.status() == s).toList();
  }

  /** True if the build must fail. */
  public boolean hasErrors() {
    return entries.stream().anyMatch(e -> e.status() == Status.ERROR);
  }

  /** Class files written (rewritten lambda classes and new block classes). */
  public int classesWritten() {
    return classesWritten;
  }

  /** One line: how many blocks of each outcome. */
  public String summary() {
    return entries(Status.WOVEN).size() + " async blocks woven"
        + (wovenEarlier > 0 ? " (and " + wovenEarlier + " woven by an earlier run)" : "") + ", "
        + entries(Status.NOT_WOVEN).size() + " left on the continuation engine, "
        + entries(Status.ERROR).size() + " errors";
  }

  /** The report as text: the summary, then one line per block, errors first. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("weft weaver: ").append(summary()).append('\n');
    for (Status s : new Status[] {Status.ERROR, Status.NOT_WOVEN, Status.WOVEN}) {
      for (Entry e : entries(s)) {
        sb.append(e).append('\n');
      }
    }
    return sb.toString();
  }
}
