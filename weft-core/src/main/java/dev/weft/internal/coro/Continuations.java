package dev.weft.internal.coro;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The one door to {@code jdk.internal.vm.Continuation}, the stackful one-shot continuation under
 * the JDK's virtual threads.
 *
 * <p>The class is reached through {@link MethodHandles} so that weft compiles with no special
 * flag. At run time the JVM must export the package to weft:
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (class path) or
 * {@code =dev.weft} (module path). Without it the handles cannot be made; {@link #available()}
 * is then false and {@link #requireAvailable()} throws with the exact fix. Nothing else in weft
 * needs the flag.
 *
 * <p>The handles are {@code static final}, so the JIT treats them as constants and inlines the
 * calls as if they were direct.
 */
public final class Continuations {
  private Continuations() {}

  private static final String PACKAGE = "jdk.internal.vm";

  private static final MethodHandle NEW;      // (Runnable) -> Object, scope bound
  private static final MethodHandle RUN;      // (Object) -> void
  private static final MethodHandle YIELD;    // () -> boolean, scope bound
  private static final Throwable UNAVAILABLE; // why the handles could not be made, or null
  private static final MethodHandle STACK;    // (Object) -> StackTraceElement[], or null

  static {
    MethodHandle newC = null;
    MethodHandle run = null;
    MethodHandle yield = null;
    Throwable why = null;
    try {
      Class<?> scopeClass = Class.forName(PACKAGE + ".ContinuationScope");
      Class<?> contClass = Class.forName(PACKAGE + ".Continuation");
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      Object scope = lookup
          .findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
          .invoke("weft");
      newC = MethodHandles.insertArguments(
              lookup.findConstructor(
                  contClass, MethodType.methodType(void.class, scopeClass, Runnable.class)),
              0, scope)
          .asType(MethodType.methodType(Object.class, Runnable.class));
      run = lookup.findVirtual(contClass, "run", MethodType.methodType(void.class))
          .asType(MethodType.methodType(void.class, Object.class));
      yield = MethodHandles.insertArguments(
          lookup.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass)),
          0, scope);
    } catch (Throwable t) {
      why = t;
      newC = run = yield = null;
    }
    NEW = newC;
    RUN = run;
    YIELD = yield;
    UNAVAILABLE = why;
    MethodHandle stack = null;
    if (why == null) {
      try {
        // The walk the virtual-thread dump uses for an unmounted thread's frames.
        stack = MethodHandles.lookup()
            .findVirtual(Class.forName(PACKAGE + ".Continuation"), "getStackTrace",
                MethodType.methodType(StackTraceElement[].class))
            .asType(MethodType.methodType(StackTraceElement[].class, Object.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        stack = null; // a JDK without it: dumps show no await stacks, the rest works
      }
    }
    STACK = stack;
  }

  /** True when the JVM lets weft use continuations (the run-time flag is present). */
  public static boolean available() {
    return UNAVAILABLE == null;
  }

  /** The flag this JVM needs, worded for how weft was loaded (class path or module path). */
  public static String requiredFlag() {
    Module self = Continuations.class.getModule();
    String target = self.isNamed() ? self.getName() : "ALL-UNNAMED";
    return "--add-exports java.base/" + PACKAGE + "=" + target;
  }

  /** Throws {@link IllegalStateException} with the exact fix if continuations are unavailable. */
  public static void requireAvailable() {
    if (UNAVAILABLE != null) {
      throw unavailable();
    }
  }

  private static IllegalStateException unavailable() {
    String flag = requiredFlag();
    return new IllegalStateException(
        "weft's async blocks need the JVM flag " + flag + "\n"
            + "  plain java:        java " + flag + " -cp ... your.Main\n"
            + "  any JVM launch:    export JDK_JAVA_OPTIONS='" + flag + "'\n"
            + "  Maven Surefire:    <argLine>" + flag + "</argLine>\n"
            + "  Maven exec plugin: exec:exec with <argument>" + flag + "</argument>\n"
            + "  executable jar:    manifest entry 'Add-Exports: java.base/" + PACKAGE + "'\n"
            + "(The rest of weft works without it; only Async.async/asyncRun need it.)",
        UNAVAILABLE);
  }

  /** A new, not yet started continuation that will run {@code body}. */
  public static Object create(Runnable body) {
    try {
      return (Object) NEW.invokeExact(body);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Mounts {@code continuation} on this thread and runs it until it yields or finishes. */
  public static void run(Object continuation) {
    try {
      RUN.invokeExact(continuation);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * The yield, {@code () -> boolean}: suspends the innermost running continuation of weft's
   * scope and returns true when it is run again. {@code AsyncBlock.await} calls it itself rather
   * than through a method here: a suspended continuation keeps every frame down to the yield,
   * and until the JIT has compiled them (and inlined this call) each is a full frame. The JVM
   * refuses a yield (pinned) by throwing {@code IllegalStateException}, which {@link #pinned}
   * words for the user, or by returning false ({@link #notYielded}).
   */
  static MethodHandle yieldCall() {
    return YIELD;
  }

  /** What a refused yield ({@code IllegalStateException} "Pinned: ...") means, for the user. */
  static IllegalStateException pinned(IllegalStateException pinned) {
    String why = String.valueOf(pinned.getMessage()); // "Pinned: MONITOR", from Continuation
    if (why.endsWith("MONITOR")) {
      return MonitorGuard.heldAcrossSuspend(null, pinned);
    }
    return new IllegalStateException(
        "await() cannot suspend this async block here (" + why + "): a native frame (Java"
            + " called back from native code) or a JVM critical section is on its stack",
        pinned);
  }

  /** A yield that returned false: the continuation did not suspend. */
  static IllegalStateException notYielded() {
    return new IllegalStateException("await() could not suspend the async block (pinned)");
  }

  /**
   * The frames of a suspended continuation, innermost first, as the JDK's virtual-thread dump
   * walks an unmounted thread: the walk mounts the continuation's frames for a moment, so the
   * caller must own it, with nothing able to run it meanwhile (a thread that tried would fail).
   *
   * @return the frames, or an empty array if this JDK cannot walk a continuation
   * @throws IllegalStateException if the continuation is mounted after all
   */
  public static StackTraceElement[] stackTrace(Object continuation) {
    if (STACK == null) {
      return new StackTraceElement[0];
    }
    try {
      return (StackTraceElement[]) STACK.invokeExact(continuation);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
