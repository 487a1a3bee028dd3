package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Async;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weaver from the command line ({@code ./weft weave DIR}, which runs
 * {@code java -jar weft-weaver-VERSION-all.jar}): the shaded jar must start (its manifest names
 * the main class; a shade filter once dropped it, and the jar would not run at all), weave a
 * folder of compiled classes in place, and leave a program that runs without the coroutine
 * flag. The jar is built by weft-weaver's package phase, which a reactor build runs before this
 * module's tests.
 */
class CommandLineJarTest {
  private static final String PROGRAM = """
      import static dev.weft.future.Async.async;
      import dev.weft.future.Futures;
      import dev.weft.runtime.AsyncRuntime;

      public class Hello {
        public static void main(String[] args) {
          try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            int v = rt.blockOn(async(() -> Futures.ready(20).await() + Futures.ready(22).await()));
            System.out.println("woven says " + v);
          }
        }
      }
      """;

  @Test
  void theShadedJarWeavesAFolderInPlaceAndTheProgramRunsWithoutTheFlag(@TempDir Path dir)
      throws Exception {
    Path jar = shadedJar();
    Path core = Path.of(Async.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path src = dir.resolve("Hello.java");
    Files.writeString(src, PROGRAM);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, "-cp", core.toString(), "-d",
        classes.toString(), src.toString()), "the program compiles");

    String woven = run(List.of(java(), "-jar", jar.toString(), "--classpath", core.toString(),
        classes.toString()));
    assertTrue(woven.contains("1 async blocks woven, 0 left on the continuation engine, 0 errors"),
        woven);
    assertTrue(Files.exists(classes.resolve("Hello$Woven0.class")), "the block's state machine");

    String out = run(List.of(java(), "-cp", classes + java.io.File.pathSeparator + core,
        "Hello")); // no --add-exports: a woven block needs no continuation
    assertEquals("woven says 42", out.strip());
  }

  private static Path shadedJar() throws IOException {
    Path found = null;
    // The plain build's target, or the woven build's (its modules build into target/woven).
    for (Path target : List.of(Path.of("..", "weft-weaver", "target"),
        Path.of("..", "weft-weaver", "target", "woven"))) {
      if (found == null && Files.isDirectory(target)) {
        try (Stream<Path> files = Files.list(target)) {
          found = files
              .filter(p -> p.getFileName().toString().matches("weft-weaver-.*-all\\.jar"))
              .findFirst().orElse(null);
        }
      }
    }
    Assumptions.assumeTrue(found != null, "no weft-weaver/target[/woven]/weft-weaver-*-all.jar:"
        + " run the module in a reactor build (./weft test), which packages the weaver first");
    return found;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished: " + command);
    assertEquals(0, p.exitValue(), command + " failed:\n" + out);
    return out;
  }
}
