package dev.weft.internal.jfr;

/**
 * Whether weft may use JDK Flight Recorder. The module {@code dev.weft} requires {@code jdk.jfr}
 * only statically, so that weft runs on a JVM image without it (a jlink image of
 * {@code java.base}); every use of an event class is behind {@link #AVAILABLE}, a constant the
 * JIT folds, and the event classes are loaded only when it is true.
 *
 * <p>A call site first asks {@link #on()}: until Flight Recorder is started in the JVM that is
 * a constant and a volatile load, and no event object is made. After, the call site makes the
 * event, asks {@code isEnabled()} (or {@code shouldCommit()}), and fills it in only if a
 * recording wants it.
 */
public final class Jfr {
  /** True when {@code jdk.jfr} is in the JVM and readable by weft. */
  public static final boolean AVAILABLE = available();

  private Jfr() {}

  /**
   * True when events may be recorded: {@code jdk.jfr} is present and Flight Recorder has been
   * started in this JVM (by {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the
   * API). Before that, a volatile load and a branch, and no event object is made.
   *
   * @return whether a call site should go on to make its event
   */
  public static boolean on() {
    return AVAILABLE && Recorder.initialized();
  }

  /** Loaded only when {@link #AVAILABLE}: the one reference to the recorder's class. */
  private static final class Recorder {
    static boolean initialized() {
      return jdk.jfr.FlightRecorder.isInitialized();
    }
  }

  private static boolean available() {
    try {
      Class<?> event = Class.forName("jdk.jfr.Event", false, Jfr.class.getClassLoader());
      return Jfr.class.getModule().canRead(event.getModule());
    } catch (ClassNotFoundException | LinkageError absent) {
      return false; // an image without jdk.jfr, or a module graph that did not resolve it
    }
  }
}
