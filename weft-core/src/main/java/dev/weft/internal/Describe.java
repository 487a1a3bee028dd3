package dev.weft.internal;

import dev.weft.future.Future;
import java.time.Duration;

/**
 * The words of {@link Future#describe()}: how weft's futures name themselves and chain their
 * children's descriptions ({@code timeout(2 s) <- race(3) <- [recv(mpsc) | sleep(1 s)]}).
 */
public final class Describe {
  /** Between a future and what it waits on. */
  public static final String ARROW = " <- ";

  private Describe() {}

  /** {@code f.describe()}, or {@code "done"} for a child that finished (null). */
  public static String of(Future<?> f) {
    return f == null ? "done" : f.describe();
  }

  /** A future that waits on one child: {@code what <- child}. */
  public static String chain(String what, Future<?> child) {
    return what + ARROW + of(child);
  }

  /**
   * A future that waits on several children (null ones finished):
   * {@code what <- [a | b | c]}.
   */
  public static String many(String what, Future<?>[] children) {
    StringBuilder b = new StringBuilder(what).append(ARROW).append('[');
    for (int i = 0; i < children.length; i++) {
      if (i > 0) {
        b.append(" | ");
      }
      b.append(of(children[i]));
    }
    return b.append(']').toString();
  }

  /**
   * The name of an object's class for a description: its simple name, or for a lambda, a hidden
   * or an anonymous class, its name without the package and without the JVM's suffix.
   */
  public static String nameOf(Object o) {
    Class<?> c = o.getClass();
    String simple = c.getSimpleName();
    if (!simple.isEmpty() && !c.isHidden()) {
      return simple;
    }
    String name = c.getName();
    int slash = name.indexOf('/');
    if (slash >= 0) {
      name = name.substring(0, slash); // a hidden class: Outer$$Lambda/0x...
    }
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** A duration as people write it: {@code 250 ms}, {@code 2 s}, {@code 1.5 s}, {@code 3 min}. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1) {
      return d.isZero() ? "0 ms" : d.toNanos() / 1000 + " µs";
    }
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + " min";
    }
    return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
  }
}
