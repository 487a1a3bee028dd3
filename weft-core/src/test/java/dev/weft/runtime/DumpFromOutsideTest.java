package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The task dump of a running program, from another process: {@code docs/DumpTasks.java} (run
 * from source, as the README shows) attaches to a JVM running {@link DumpTarget}, reaches the
 * runtime's MXBean through the JVM's local JMX agent and prints the dump. This is what a user
 * does where {@code jcmd} knows nothing of weft.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DumpFromOutsideTest {

  @Test
  void docsDumpTasksPrintsTheDumpOfAnotherJvm() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path tool = Path.of("../docs/DumpTasks.java");
    assertTrue(Files.exists(tool), tool.toAbsolutePath().toString());
    Process target = new ProcessBuilder(java.toString(),
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), DumpTarget.class.getName())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", out.readLine());
      Process dump = new ProcessBuilder(java.toString(), tool.toString(),
          String.valueOf(target.pid())).redirectErrorStream(true).start();
      String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(dump.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, dump.exitValue(), text);
      List<String> lines = text.lines().toList();
      assertTrue(lines.get(0).startsWith("task dump of runtime outside (multi-thread, 1 worker)"),
          text);
      assertTrue(text.contains("\"waits-for-ever\" idle"), text);
      // DumpTarget is woven in the woven build as this class is (see BlockEngine).
      assertTrue(text.contains("  awaiting: " + BlockEngine.blockAt(BlockEngine.WOVEN)
          + "dev.weft.runtime.DumpTarget.lambda$"), text);
      assertTrue(text.contains("<- ManualFuture"), text);
    } finally {
      target.getOutputStream().close();
      if (!target.waitFor(30, TimeUnit.SECONDS)) {
        target.destroyForcibly();
      }
    }
  }
}
