package dev.weft.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what weft's runtimes log (logger {@code dev.weft.runtime}, through
 * {@link System.Logger} backed by java.util.logging) while open, instead of printing it: for
 * tests that provoke an unhandled failure on purpose and check it was reported.
 */
final class CapturedRuntimeLog implements AutoCloseable {
  private final Logger logger = Logger.getLogger("dev.weft.runtime");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final boolean usedParentHandlers = logger.getUseParentHandlers();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  CapturedRuntimeLog() {
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
  }

  /** The failures logged so far, in order. */
  List<Throwable> failures() {
    return records.stream().map(LogRecord::getThrown).toList();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(usedParentHandlers);
  }
}
