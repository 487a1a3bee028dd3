package dev.weft.internal;

/**
 * Whether weft may register MXBeans. The module {@code dev.weft} requires
 * {@code java.management} only statically, so that weft runs on a JVM image of
 * {@code java.base} alone; a runtime registers its MXBean only when this is true.
 */
public final class Management {
  /** True when {@code java.management} is in the JVM and readable by weft. */
  public static final boolean AVAILABLE = available();

  private Management() {}

  private static boolean available() {
    try {
      Class<?> server = Class.forName("javax.management.MBeanServer", false,
          Management.class.getClassLoader());
      return Management.class.getModule().canRead(server.getModule());
    } catch (ClassNotFoundException | LinkageError absent) {
      return false; // an image without java.management, or it was not resolved
    }
  }
}
