package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Main} as a user runs it, in its own JVM: SIGTERM closes a connected client and exits
 * with status 0 after the JVM's other shutdown hooks ran (a flight recording is dumped on exit),
 * and bad options, a port in use or an unknown host end it with a sentence, not a stack trace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MainProcessTest {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  private static ProcessBuilder main(List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-exports");
    cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mt", "ct"})
  void sigtermClosesClientsRunsTheOtherHooksAndExitsZero(String runtime, @TempDir Path dir)
      throws Exception {
    Path recording = dir.resolve("server.jfr");
    Process p = main(List.of("-XX:StartFlightRecording=filename=" + recording),
        "--port", "0", "--runtime", runtime).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      int port = -1;
      for (String line; port < 0 && (line = out.readLine()) != null; ) {
        seen.append(line).append('\n');
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertTrue(port > 0, "no listening line in: " + seen);
      try (Socket client = new Socket("127.0.0.1", port)) {
        client.setSoTimeout(30_000);
        client.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = client.getInputStream();
        assertEquals("+PONG\r\n", new String(in.readNBytes(7), StandardCharsets.US_ASCII));

        p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)

        assertEquals(-1, in.read(), "the server closes the connection on its way out");
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
      String text = seen + drain(out);
      assertEquals(0, p.exitValue(), text);
      assertTrue(text.contains("weft-redis: shutting down"), text);
      assertTrue(text.contains("weft-redis: stopped"), text);
      // The recording is written by the JVM's own shutdown hook, which a halt would skip.
      assertTrue(Files.size(recording) > 0, "the flight recording was not dumped on exit");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aBadOptionIsASentenceAndStatusTwo() throws Exception {
    Run r = run(main(List.of(), "--port", "sixty"));
    assertEquals(2, r.status, r.text);
    assertTrue(r.text.contains("weft-redis: --port takes a whole number from 0 to 65535, not"
        + " sixty"), r.text);
    assertTrue(r.text.contains("usage: ./weft redis"), r.text);
    assertTrue(!r.text.contains("Exception"), r.text);

    r = run(main(List.of(), "--shards", "3"));
    assertEquals(2, r.status, r.text);
    assertTrue(r.text.contains("--shards takes a power of two up to 64, not 3"), r.text);
  }

  @Test
  void aPortInUseIsASentenceAndStatusOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      Run r = run(main(List.of(), "--port", String.valueOf(taken.getLocalPort())));
      assertEquals(1, r.status, r.text);
      assertTrue(r.text.contains("weft-redis: cannot listen on 127.0.0.1:"
          + taken.getLocalPort() + ": "), r.text);
      assertTrue(!r.text.contains("Exception"), r.text);
    }
  }

  @Test
  void anUnknownHostIsASentenceAndStatusOne() throws Exception {
    Run r = run(main(List.of(), "--bind", "no.such.host.invalid", "--port", "0"));
    assertEquals(1, r.status, r.text);
    assertTrue(r.text.contains("weft-redis: cannot listen on no.such.host.invalid:0: "), r.text);
    assertTrue(!r.text.contains("Exception"), r.text);
  }

  private record Run(int status, String text) {}

  private static Run run(ProcessBuilder pb) throws IOException, InterruptedException {
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), text);
  }

  private static String drain(BufferedReader out) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      sb.append(line).append('\n');
    }
    return sb.toString();
  }
}
