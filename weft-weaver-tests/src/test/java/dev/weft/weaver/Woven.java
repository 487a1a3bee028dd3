package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A woven copy of a fixture package: its class files are copied from the test classes into a
 * temporary folder, woven there, and loaded by a class loader of their own (child first for
 * that package), so one test can run a fixture both as javac wrote it and woven.
 */
final class Woven implements AutoCloseable {
  final Path dir;
  final WeaveReport report;
  final ClassLoader loader;
  private final String packageName;

  private Woven(Path dir, WeaveReport report, String packageName) {
    this.dir = dir;
    this.report = report;
    this.packageName = packageName;
    this.loader = new ChildFirst(new URL[] {url(dir)}, Woven.class.getClassLoader(), packageName);
  }

  /** Weaves a copy of the package of {@code anyClassInIt}. */
  static Woven pkg(Class<?> anyClassInIt, String... excludes) {
    String pkg = anyClassInIt.getPackageName();
    try {
      Path root = Path.of(anyClassInIt.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path from = root.resolve(pkg.replace('.', '/'));
      Path dir = Files.createTempDirectory("weft-woven-");
      Path to = dir.resolve(pkg.replace('.', '/'));
      Files.createDirectories(to);
      try (Stream<Path> files = Files.list(from)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
      Weaver w = Weaver.builder(dir).classPath(classPath());
      for (String e : excludes) {
        w.exclude(e);
      }
      return new Woven(dir, w.weave(), pkg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This JVM's class path, which has weft-core: the weaver's class path for the fixtures. */
  static List<Path> classPath() {
    List<Path> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      cp.add(Path.of(e));
    }
    return cp;
  }

  /** Calls {@code cls.method(args)} on the woven copy. */
  Object call(Class<?> cls, String method, Object... args) throws Throwable {
    return invoke(loader.loadClass(cls.getName()), method, args);
  }

  /** Calls {@code cls.method(args)} as javac compiled it. */
  static Object callOriginal(Class<?> cls, String method, Object... args) throws Throwable {
    return invoke(cls, method, args);
  }

  private static Object invoke(Class<?> cls, String name, Object... args) throws Throwable {
    for (Method m : cls.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        try {
          return m.invoke(null, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(cls.getName() + "." + name);
  }

  /** The report line of the lambda of {@code method} of {@code cls} (the first if several). */
  WeaveReport.Entry entry(Class<?> cls, String lambdaOf) {
    return report.entries().stream()
        .filter(e -> e.className().equals(cls.getName())
            && e.method().startsWith("lambda$" + lambdaOf + "$"))
        .findFirst().orElseThrow(() -> new AssertionError("no report entry for " + cls.getName()
            + "." + lambdaOf + " in\n" + report.text()));
  }

  void assertWoven(Class<?> cls, String lambdaOf) {
    assertEquals(WeaveReport.Status.WOVEN, entry(cls, lambdaOf).status(), report.text());
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads the fixture package from the woven folder, everything else from the parent. */
  private static final class ChildFirst extends URLClassLoader {
    private final String pkg;

    ChildFirst(URL[] urls, ClassLoader parent, String pkg) {
      super(urls, parent);
      this.pkg = pkg;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith(pkg + ".")) {
          Class<?> c = findLoadedClass(name);
          if (c == null) {
            c = findClass(name);
          }
          if (resolve) {
            resolveClass(c);
          }
          return c;
        }
        return super.loadClass(name, resolve);
      }
    }
  }
}
