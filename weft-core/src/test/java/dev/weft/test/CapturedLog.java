package dev.weft.test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * Captures what weft logs through {@link System.Logger} under a logger name (and its children),
 * while open: for tests that check a failure nobody can see was reported.
 *
 * <p>It works with the JDK's default backend, java.util.logging, reached by reflection because
 * the tests are compiled into module {@code dev.weft}, which does not read java.logging (core
 * reflection needs no reads edge). With another backend {@link #of} throws, so a test that
 * relies on it fails instead of passing without checking anything.
 */
public final class CapturedLog implements AutoCloseable {
  private final Object logger;
  private final Object handler;
  private final Method flush;
  private final Method removeHandler;
  private final Method setUseParentHandlers;
  private final boolean usedParentHandlers;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private CapturedLog(String name) throws ReflectiveOperationException {
    Class<?> loggerClass = Class.forName("java.util.logging.Logger");
    Class<?> handlerClass = Class.forName("java.util.logging.Handler");
    Class<?> formatterClass = Class.forName("java.util.logging.Formatter");
    Object formatter = Class.forName("java.util.logging.SimpleFormatter")
        .getConstructor().newInstance();
    handler = Class.forName("java.util.logging.StreamHandler")
        .getConstructor(java.io.OutputStream.class, formatterClass).newInstance(out, formatter);
    logger = loggerClass.getMethod("getLogger", String.class).invoke(null, name);
    loggerClass.getMethod("addHandler", handlerClass).invoke(logger, handler);
    flush = handlerClass.getMethod("flush");
    removeHandler = loggerClass.getMethod("removeHandler", handlerClass);
    // Captured, not also printed: the warnings a test provokes on purpose would bury its report.
    setUseParentHandlers = loggerClass.getMethod("setUseParentHandlers", boolean.class);
    usedParentHandlers = (boolean) loggerClass.getMethod("getUseParentHandlers").invoke(logger);
    setUseParentHandlers.invoke(logger, false);
  }

  /** Starts capturing what is logged under {@code name}. */
  public static CapturedLog of(String name) {
    try {
      return new CapturedLog(name);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("System.Logger is not backed by java.util.logging here", e);
    }
  }

  /** Everything logged so far, formatted (level, message, stack traces). */
  public String text() {
    try {
      flush.invoke(handler);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      removeHandler.invoke(logger, handler);
      setUseParentHandlers.invoke(logger, usedParentHandlers);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
