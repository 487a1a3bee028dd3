package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.fixtures.OnRuntimes;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A program whose async blocks are all woven runs in a JVM without
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, on both runtimes; the same
 * program unwoven fails there, asking for the flag.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WovenProgramNeedsNoFlagTest {

  @Test
  void aWovenProgramRunsWithoutTheCoroutineFlag() throws Exception {
    try (Woven w = Woven.pkg(OnRuntimes.class)) {
      Run woven = run(w.dir.toString() + File.pathSeparator
          + System.getProperty("java.class.path"));
      assertEquals(0, woven.code, woven.output);
      assertEquals("same\nblockOn 1\n", woven.output);

      Run unwoven = run(System.getProperty("java.class.path"));
      assertNotEquals(0, unwoven.code, unwoven.output);
      assertTrue(unwoven.output.contains("--add-exports java.base/jdk.internal.vm"),
          unwoven.output);
    }
  }

  private record Run(int code, String output) {}

  private static Run run(String classPath) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(OnRuntimes.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }
}
