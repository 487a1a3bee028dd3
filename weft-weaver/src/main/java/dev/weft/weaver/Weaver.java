package dev.weft.weaver;

import dev.weft.weaver.WeaveReport.Entry;
import dev.weft.weaver.WeaveReport.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * Weaves a folder of compiled classes in place: every lambda passed straight to
 * {@code Async.async} or {@code Async.asyncRun} that the weaver can prove safe becomes a
 * stackless state machine; every other one stays on the continuation engine, and the report
 * says why. Weaving a folder twice changes nothing the second time.
 *
 * <pre>{@code
 * WeaveReport r = Weaver.builder(Path.of("target/classes"))
 *     .classPath(List.of(Path.of("weft-core.jar")))
 *     .exclude("com.example.legacy.**")
 *     .weave();
 * }</pre>
 */
public final class Weaver {
  private final Path dir;
  private final List<Path> classPath = new ArrayList<>();
  private final List<Pattern> excludes = new ArrayList<>();

  private Weaver(Path dir) {
    this.dir = dir;
  }

  /**
   * A weaver of the classes under {@code dir}.
   *
   * @param dir the root of a class folder (as {@code target/classes})
   * @return a weaver to configure, then run with {@link #weave()}
   */
  public static Weaver builder(Path dir) {
    return new Weaver(dir);
  }

  /**
   * Where the classes the folder uses are (weft-core and the other dependencies; the JDK is
   * always there). A block that uses a class found nowhere is left unwoven.
   *
   * @param entries jars and class folders
   * @return this weaver
   */
  public Weaver classPath(List<Path> entries) {
    classPath.addAll(entries);
    return this;
  }

  /**
   * Leaves the classes whose name (or whose outermost class's name) matches {@code pattern}
   * unwoven: {@code *} stands for any part of one name segment, {@code **} for anything
   * ({@code com.example.Legacy*}, {@code com.example.legacy.**}).
   *
   * @param pattern a dotted class name pattern
   * @return this weaver
   */
  public Weaver exclude(String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^.]*");
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    excludes.add(Pattern.compile(re.toString()));
    return this;
  }

  private boolean excluded(String internalName) {
    String dotted = Names.dotted(internalName);
    int dollar = dotted.indexOf('$', dotted.lastIndexOf('.') + 1);
    String outer = dollar < 0 ? dotted : dotted.substring(0, dollar);
    for (Pattern p : excludes) {
      if (p.matcher(dotted).matches() || p.matcher(outer).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Weaves the folder in place.
   *
   * @return what was woven and what was not, with reasons; {@link WeaveReport#hasErrors()}
   *     tells whether the build must fail
   * @throws IOException if a class file cannot be read or written
   */
  public WeaveReport weave() throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        byte[] b = Files.readAllBytes(p);
        String name = new ClassReader(b).getClassName();
        files.put(name, p);
        bytes.put(name, b);
      }
    }
    WeaveReport report = new WeaveReport();
    removeStaleBlockClasses(files, bytes);
    try (URLClassLoader cp = new URLClassLoader(urls(), ClassLoader.getPlatformClassLoader())) {
      ClassHierarchy hierarchy = new ClassHierarchy(bytes::get, cp);
      List<ClassNode> nodes = new ArrayList<>();
      for (byte[] b : bytes.values()) {
        ClassNode cn = new ClassNode();
        new ClassReader(b).accept(cn, ClassReader.SKIP_FRAMES);
        nodes.add(cn);
      }
      report.wovenEarlier((int) nodes.stream()
          .filter(n -> Names.WOVEN_BLOCK.equals(n.superName)).count());
      MayAwaitIndex index = new MayAwaitIndex(hierarchy, nodes);
      ClassWeaver weaver = new ClassWeaver(hierarchy, index, bytes::containsKey);
      for (Map.Entry<String, byte[]> e : bytes.entrySet()) {
        if (excluded(e.getKey())) {
          continue;
        }
        ClassWeaver.Output out;
        try {
          out = weaver.weave(e.getValue());
        } catch (RuntimeException ex) {
          // A fault of the weaver's own: the class stays as javac wrote it.
          report.add(new Entry(Status.NOT_WOVEN, Names.dotted(e.getKey()), "(class)", null, -1,
              "the weaver failed on this class (" + ex + "); left unwoven"));
          continue;
        }
        out.entries().forEach(report::add);
        if (out.host() != null) {
          Path file = files.get(e.getKey());
          for (Map.Entry<String, byte[]> m : out.made().entrySet()) {
            String simple = m.getKey().substring(m.getKey().lastIndexOf('/') + 1);
            Files.write(file.resolveSibling(simple + ".class"), m.getValue());
            report.classWritten();
          }
          Files.write(file, out.host());
          report.classWritten();
        }
      }
    }
    return report;
  }

  /**
   * Deletes the block classes of an earlier weave that no class of the folder uses any more (a
   * class javac compiled again, unwoven, leaves its old {@code $WovenN} files behind), so the
   * new ones take their names and the folder holds no dead code.
   */
  private static void removeStaleBlockClasses(Map<String, Path> files, Map<String, byte[]> bytes)
      throws IOException {
    java.util.Set<String> used = new java.util.HashSet<>();
    List<String> blocks = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : bytes.entrySet()) {
      ClassReader r = new ClassReader(e.getValue());
      if (Names.WOVEN_BLOCK.equals(r.getSuperName())
          && e.getKey().contains(Names.WOVEN_SUFFIX)) {
        blocks.add(e.getKey());
        continue;
      }
      ClassNode cn = new ClassNode();
      r.accept(cn, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
      for (org.objectweb.asm.tree.MethodNode m : cn.methods) {
        for (org.objectweb.asm.tree.AbstractInsnNode insn : m.instructions) {
          if (insn instanceof org.objectweb.asm.tree.MethodInsnNode call
              && call.owner.contains(Names.WOVEN_SUFFIX)) {
            used.add(call.owner);
          }
        }
      }
    }
    for (String b : blocks) {
      if (!used.contains(b)) {
        Files.delete(files.remove(b));
        bytes.remove(b);
      }
    }
  }

  private URL[] urls() {
    return classPath.stream().map(p -> {
      try {
        return p.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new UncheckedIOException(e);
      }
    }).toArray(URL[]::new);
  }
}
