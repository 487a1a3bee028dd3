package dev.weft.test;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link System.Logger} that keeps every record, for a test to assert what a component
 * reported (through a package-private seam that takes the logger). Every level is loggable.
 * Thread-safe.
 */
public final class RecordingLogger implements System.Logger {
  /** One logged record: its level, its message and the throwable it carried (or null). */
  public record Entry(Level level, String message, Throwable thrown) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /** What was logged so far, oldest first. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The records that carried {@code t}. */
  public List<Entry> entriesWith(Throwable t) {
    return entries.stream().filter(e -> e.thrown() == t).toList();
  }

  @Override
  public String getName() {
    return "recording logger";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    entries.add(new Entry(level, msg, thrown));
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    String msg = params == null || params.length == 0
        ? format
        : MessageFormat.format(format, params);
    entries.add(new Entry(level, msg, null));
  }
}
