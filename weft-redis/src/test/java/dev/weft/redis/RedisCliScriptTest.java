package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * redis-cli, the real command-line client, drives the server through redis-cli-check.sh
 * (including {@code --pipe} mass insertion of 100,000 keys). Skipped with a note when redis-cli
 * is not installed (Debian: {@code apt-get install -y redis-tools}; .ci/run installs it).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedisCliScriptTest {

  static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void redisCliSeesARedis(RedisServer.Flavor f) throws Exception {
    assumeTrue(onPath("redis-cli"), "redis-cli is not installed: skipped (Debian: apt-get install"
        + " -y redis-tools)");
    File script = new File("redis-cli-check.sh").getAbsoluteFile();
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f)) {
      Process p = new ProcessBuilder("bash", script.getPath(), String.valueOf(server.port()))
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(120, TimeUnit.SECONDS);
      assertEquals(0, p.exitValue(), output);
    }
  }
}
