package dev.weft.internal.coro;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitors the current thread holds, innermost first, each named with the frame that locked
 * it: {@code java.lang.Object@1b6d3586 (locked at app//com.acme.Cart.add(Cart.java:42))}.
 *
 * <p>It asks the JVM's thread dump ({@code ThreadMXBean.getThreadInfo} with locked monitors),
 * which stops the JVM at a safepoint: about 100 µs here. So it runs only to word the failure of
 * an await that is known to fail, never to decide whether it fails.
 *
 * <p>{@code java.lang.management} is reached by reflection, since weft's module requires
 * {@code java.base} alone. Where that module is not in the JVM (a jlink image without it, or a
 * module-path application that does not resolve it), {@link #describe()} has no lines and the
 * caller names the monitor without its frame.
 */
final class HeldMonitors {
  private HeldMonitors() {}

  /**
   * One line per monitor held, innermost first; or, if the JVM cannot tell, no lines and the
   * reason.
   */
  record Report(List<String> lines, Exception unavailable) {}

  static Report describe() {
    try {
      return new Report(describeOrThrow(), null);
    } catch (ReflectiveOperationException | UnsupportedOperationException unavailable) {
      // No thread dump here (see the class comment): the caller words the failure without it
      // and attaches this reason to it.
      return new Report(List.of(), unavailable);
    }
  }

  private static List<String> describeOrThrow() throws ReflectiveOperationException {
    Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
    Module own = HeldMonitors.class.getModule();
    if (!own.canRead(factory.getModule())) {
      own.addReads(factory.getModule());
    }
    Class<?> beanType = Class.forName("java.lang.management.ThreadMXBean");
    Class<?> infoType = Class.forName("java.lang.management.ThreadInfo");
    Class<?> monitorType = Class.forName("java.lang.management.MonitorInfo");
    Class<?> lockType = Class.forName("java.lang.management.LockInfo");
    Object bean = factory.getMethod("getThreadMXBean").invoke(null);
    Method getInfo = beanType.getMethod("getThreadInfo", long[].class, boolean.class,
        boolean.class);
    Object[] infos = (Object[]) invoke(getInfo, bean,
        new long[] {Thread.currentThread().threadId()}, true, false);
    if (infos.length == 0 || infos[0] == null) {
      return List.of();
    }
    Object[] monitors = (Object[]) infoType.getMethod("getLockedMonitors").invoke(infos[0]);
    Method className = lockType.getMethod("getClassName");
    Method hash = lockType.getMethod("getIdentityHashCode");
    Method frame = monitorType.getMethod("getLockedStackFrame");
    List<String> lines = new ArrayList<>(monitors.length);
    for (Object m : monitors) { // ordered by stack depth: the innermost first
      String name = className.invoke(m) + "@" + Integer.toHexString((int) hash.invoke(m));
      Object where = frame.invoke(m);
      lines.add(where == null ? name : name + " (locked at " + where + ")");
    }
    return lines;
  }

  private static Object invoke(Method m, Object target, Object... args)
      throws ReflectiveOperationException {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof UnsupportedOperationException u) {
        throw u; // the JVM does not report monitor usage
      }
      throw e;
    }
  }

  /** How an object is named when no thread dump is available: its class and identity hash. */
  static String identity(Object monitor) {
    return monitor.getClass().getName() + "@" + Integer.toHexString(
        System.identityHashCode(monitor));
  }
}
