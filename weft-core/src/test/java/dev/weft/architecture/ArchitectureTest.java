package dev.weft.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's shape: it exports only the public packages, requires java.base (and, optionally,
 * the JDK modules of the diagnostics), no internal type appears in a public signature, and
 * package dependencies point downward (docs/ARCHITECTURE.md, "Layers", draws
 * the table that {@link #ALLOWED} enforces).
 */
class ArchitectureTest {
  private static final Path CLASSES = Path.of("target/classes");
  private static final Path SOURCES = Path.of("src/main/java");

  /** Which weft packages each package may import (besides itself and the JDK). */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "future", Set.of("internal"),
      "stream", Set.of("future", "internal"),
      "sync", Set.of("future", "stream", "internal"),
      "time", Set.of("future", "stream", "internal"),
      "runtime", Set.of("future", "stream", "sync", "time", "internal"),
      "io", Set.of("future", "stream", "internal"),
      "net", Set.of("future", "stream", "io", "time", "runtime", "internal"),
      "fs", Set.of("future", "stream", "io", "runtime", "internal"),
      "internal", Set.of("future", "stream"));

  @Test
  void theModuleExportsOnlyPublicPackages() throws IOException {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("dev.weft", d.name());
    Set<String> exported = d.exports().stream()
        .peek(e -> assertTrue(e.targets().isEmpty(), "qualified export " + e))
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(exported.contains("dev.weft.future"));
    for (String p : exported) {
      assertTrue(!p.contains(".internal"), "internal package exported: " + p);
      assertTrue(Set.of("dev.weft.future", "dev.weft.stream", "dev.weft.sync", "dev.weft.time",
          "dev.weft.runtime", "dev.weft.io", "dev.weft.net", "dev.weft.fs").contains(p),
          "unexpected export " + p);
    }
    Set<String> required = d.requires().stream()
        .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
        .map(ModuleDescriptor.Requires::name)
        .collect(Collectors.toSet());
    assertEquals(Set.of("java.base"), required, "weft-core depends on the JDK's java.base alone");
    Set<String> optional = d.requires().stream()
        .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
        .map(ModuleDescriptor.Requires::name)
        .collect(Collectors.toSet());
    assertEquals(Set.of("java.management", "jdk.jfr"), optional,
        "only the diagnostics' JDK modules are optional dependencies (Management, Jfr)");
  }

  @Test
  void noInternalTypeInAPublicSignature() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Class<?> c : publicClasses()) {
      check(problems, c, "extends", c.getGenericSuperclass());
      for (Type t : c.getGenericInterfaces()) {
        check(problems, c, "implements", t);
      }
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
          check(problems, c, m.getName() + " returns", m.getGenericReturnType());
          for (Type p : m.getGenericParameterTypes()) {
            check(problems, c, m.getName() + " takes", p);
          }
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers()) || Modifier.isProtected(f.getModifiers())) {
          check(problems, c, "field " + f.getName(), f.getGenericType());
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void packageDependenciesPointDownward() throws IOException {
    Pattern imp = Pattern.compile("^import (?:static )?dev\\.weft\\.(\\w+)", Pattern.MULTILINE);
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve("dev/weft"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = SOURCES.resolve("dev/weft").relativize(f).getName(0).toString();
        if (!ALLOWED.containsKey(pkg)) {
          continue; // a file directly in dev/weft, or a package without rules yet
        }
        Matcher m = imp.matcher(Files.readString(f));
        while (m.find()) {
          String used = m.group(1);
          if (!used.equals(pkg) && !ALLOWED.get(pkg).contains(used)) {
            problems.add(f + " imports dev.weft." + used);
          }
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  private static void check(List<String> problems, Class<?> owner, String where, Type t) {
    if (t != null && t.getTypeName().contains("dev.weft.internal")) {
      problems.add(owner.getName() + " " + where + " " + t.getTypeName());
    }
  }

  private static List<Class<?>> publicClasses() throws Exception {
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/weft"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.contains(".internal.") || name.endsWith("package-info")) {
          continue;
        }
        Class<?> c = Class.forName(name, false, ArchitectureTest.class.getClassLoader());
        if (isPubliclyVisible(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static boolean isPubliclyVisible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }
}
