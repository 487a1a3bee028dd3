package dev.weft.net;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.time.Time;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepting keeps working when the process runs out of file descriptors: the accept backs off
 * and retries instead of failing (a server whose accept loop died of EMFILE serves nobody any
 * more), and says so once in the log.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AcceptOutOfFileDescriptorsTest {

  @Test
  void anAcceptThatMeetsEmfileBacksOffLogsOnceAndAcceptsOnceDescriptorsAreFree(
      @TempDir Path dir) throws Exception {
    long limit = Files.readAllLines(Path.of("/proc/self/limits")).stream()
        .filter(l -> l.startsWith("Max open files"))
        .map(l -> l.split("\\s+")[3])
        .mapToLong(Long::parseLong).findFirst().orElse(Long.MAX_VALUE);
    assumeTrue(limit <= 100_000, "the open-file limit is too high to exhaust in a test: " + limit);
    List<String> logged = new ArrayList<>();
    Logger log = Logger.getLogger("dev.weft.net");
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        synchronized (logged) {
          logged.add(r.getMessage());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    Path file = Files.createFile(dir.resolve("hog"));
    List<FileChannel> hogs = new ArrayList<>();
    try (AsyncRuntime rt = AsyncRuntime.currentThread();
        TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
      // Load every class this test and the accept path need while files can still be opened
      // (a full process cannot even load a class): one whole accept, sleep, spawn and assert.
      try (Socket warm = new Socket()) {
        warm.connect(listener.localAddress());
        JoinHandle<TcpStream> first = rt.spawn(async(() -> listener.accept().await()));
        rt.blockOn(Time.sleep(Duration.ofMillis(1)));
        try (TcpStream s = rt.blockOn(first)) {
          assertEquals(warm.getLocalPort(), s.peerAddress().getPort());
          assertTrue(!first.isFinished() || s.localAddress() != null);
        }
      }
      System.getLogger("dev.weft.net").log(System.Logger.Level.WARNING, "warm-up",
          new IOException("the logging path, loaded"));
      try (Socket client = new Socket()) {
        client.connect(listener.localAddress()); // waits in the backlog for an accept
        try {
          for (;;) {
            hogs.add(FileChannel.open(file, StandardOpenOption.READ));
          }
        } catch (IOException full) {
          assertTrue(full.getMessage().contains("Too many open files"), full.getMessage());
        }
        JoinHandle<TcpStream> accepted = rt.spawn(async(() -> listener.accept().await()));
        rt.blockOn(Time.sleep(Duration.ofMillis(100))); // the accept meets EMFILE, backs off
        assertTrue(!accepted.isFinished(), "the accept waits instead of failing");
        for (FileChannel h : hogs) {
          h.close();
        }
        hogs.clear();
        try (TcpStream s = rt.blockOn(accepted)) {
          assertEquals(client.getLocalPort(), s.peerAddress().getPort());
        }
      }
      synchronized (logged) {
        assertEquals(1, logged.stream().filter(m -> m.contains("out of file descriptors")).count(),
            "logged once: " + logged);
      }
    } finally {
      for (FileChannel h : hogs) {
        h.close();
      }
      log.removeHandler(capture);
    }
  }
}
