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
}
