package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.WeaveReport.Status;
import dev.weft.weaver.fixtures.Control;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Weaving an already woven folder changes nothing (an incremental build may weave again). */
class WeavingTwiceTest {

  @Test
  void theSecondWeaveWritesNothingAndWeavesNothing() throws Exception {
    try (Woven w = Woven.pkg(Control.class)) {
      assertTrue(w.report.entries(Status.WOVEN).size() > 0);
      Map<Path, byte[]> before = contents(w.dir);
      WeaveReport again = Weaver.builder(w.dir).classPath(Woven.classPath()).weave();
      assertEquals(0, again.classesWritten(), again.text());
      assertEquals(0, again.entries(Status.WOVEN).size(), again.text());
      assertEquals(w.report.entries(Status.WOVEN).size(), again.wovenEarlier(), again.summary());
      assertEquals(w.report.entries(Status.NOT_WOVEN).size(),
          again.entries(Status.NOT_WOVEN).size(), again.text());
      Map<Path, byte[]> after = contents(w.dir);
      assertEquals(before.keySet(), after.keySet());
      before.forEach((p, b) -> assertArrayEquals(b, after.get(p), p.toString()));
    }
  }

  private static Map<Path, byte[]> contents(Path dir) throws Exception {
    Map<Path, byte[]> m = new HashMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        m.put(p, Files.readAllBytes(p));
      }
    }
    return m;
  }

  @Test
  void blockClassesOfAClassCompiledAgainAreReplacedNotLeftBehind() throws Exception {
    try (Woven w = Woven.pkg(Control.class)) {
      Path pkg = w.dir.resolve(Control.class.getPackageName().replace('.', '/'));
      // javac compiles Control again: its class file is unwoven, its old block classes stay.
      Path original = Path.of(Control.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).resolve(Control.class.getName().replace('.', '/') + ".class");
      Files.copy(original, pkg.resolve("Control.class"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.write(pkg.resolve("Control$Woven99.class"), Files.readAllBytes(
          pkg.resolve("Control$Woven0.class"))); // an old block class nothing uses any more
      WeaveReport again = Weaver.builder(w.dir).classPath(Woven.classPath()).weave();
      long controlBlocks = w.report.entries(Status.WOVEN).stream()
          .filter(e -> e.className().equals(Control.class.getName())).count();
      assertEquals(controlBlocks, again.entries(Status.WOVEN).size(), again.text());
      assertTrue(Files.exists(pkg.resolve("Control$Woven0.class")));
      assertTrue(!Files.exists(pkg.resolve("Control$Woven99.class")), "a stale block class");
      assertEquals(w.report.entries(Status.WOVEN).size() - controlBlocks, again.wovenEarlier(),
          again.summary());
    }
  }
}
