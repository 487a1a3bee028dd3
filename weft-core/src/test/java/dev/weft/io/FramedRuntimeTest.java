package dev.weft.io;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.time.Elapsed;
import dev.weft.time.Time;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Framed}, {@link BufReader} and {@link Io#duplex} on a real runtime, both flavours:
 * client and server tasks talking through a duplex pair, as over a socket.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FramedRuntimeTest {

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aLineServerAnswersEveryLineOfAClient(Flavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      List<String> replies = rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex pipe = Io.duplex(256);
        JoinHandle<Void> server = Task.spawn(async(() -> {
          try (Framed<String, String> lines = Framed.of(pipe.server(), new LinesCodec())) {
            for (String line : lines.asIterable()) {
              lines.send(line.toUpperCase()).await();
            }
          }
          return null;
        }));
        List<String> got = new ArrayList<>();
        try (Framed<String, String> client = Framed.of(pipe.client(), new LinesCodec())) {
          for (int i = 0; i < 2_000; i++) {
            client.send("line " + i).await();
            got.add(client.next().await().orElseThrow());
          }
        }
        server.await();
        return got;
      })));
      assertEquals(2_000, replies.size());
      for (int i = 0; i < replies.size(); i++) {
        assertEquals("LINE " + i, replies.get(i));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void framesFedFasterThanTheyAreReadAllArriveInOrder(Flavour flavour) {
    int frames = 20_000;
    try (AsyncRuntime rt = flavour.build()) {
      long sum = rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex pipe = Io.duplex(1024); // far less than what is fed: the writer waits
        JoinHandle<Void> writer = Task.spawn(async(() -> {
          Framed<byte[], byte[]> out = Framed.of(pipe.client(), new LengthDelimitedCodec());
          for (int i = 0; i < frames; i++) {
            out.feed(ByteBuffer.allocate(4 + i % 100).putInt(i).array()).await();
          }
          out.flush().await();
          pipe.client().shutdown().await();
          return null;
        }));
        Framed<byte[], byte[]> in = Framed.of(pipe.server(), new LengthDelimitedCodec());
        long total = 0;
        int expected = 0;
        for (byte[] frame : in.asIterable()) {
          assertEquals(4 + expected % 100, frame.length);
          assertEquals(expected, ByteBuffer.wrap(frame).getInt(), "in order, none lost");
          total += expected++;
        }
        assertEquals(frames, expected);
        writer.await();
        return total;
      })));
      assertEquals((long) frames * (frames - 1) / 2, sum);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aNextCancelledByATimeoutMidLineLosesNothing(Flavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      String line = rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex pipe = Io.duplex(64);
        Framed<String, String> in = Framed.of(pipe.server(), new LinesCodec());
        pipe.client().writeAll(bytes("half of a ")).await();
        assertThrows(Elapsed.class, () -> Time.timeout(Duration.ofMillis(20), in.next()).await());
        pipe.client().writeAll(bytes("line\n")).await();
        return in.next().await().orElseThrow();
      })));
      assertEquals("half of a line", line);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aReadLineCancelledByATimeoutMidLineLosesNothing(Flavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      List<String> lines = rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex pipe = Io.duplex(64);
        BufReader in = new BufReader(pipe.server(), 4);
        pipe.client().writeAll(bytes("first\r\nsec")).await();
        List<String> got = new ArrayList<>();
        got.add(in.readLine().await().orElseThrow());
        assertThrows(Elapsed.class,
            () -> Time.timeout(Duration.ofMillis(20), in.readLine()).await());
        pipe.client().writeAll(bytes("ond\nthird")).await();
        pipe.client().close();
        for (String l : in.lines().asIterable()) {
          got.add(l);
        }
        return got;
      })));
      assertEquals(List.of("first", "second", "third"), lines);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aHundredPairsEchoingAtOnceLoseNoWakeUp(Flavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      int pairs = 100;
      int rounds = 200;
      long echoed = rt.blockOn(rt.spawn(async(() -> {
        List<JoinHandle<Integer>> clients = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
          Io.Duplex pipe = Io.duplex(16);
          Task.spawn(async(() -> {
            Framed<String, String> server = Framed.of(pipe.server(), new LinesCodec());
            Optional<String> line;
            while ((line = server.next().await()).isPresent()) {
              server.send(line.get()).await();
            }
            return null;
          }));
          clients.add(Task.spawn(async(() -> {
            Framed<String, String> client = Framed.of(pipe.client(), new LinesCodec());
            int ok = 0;
            for (int r = 0; r < rounds; r++) {
              String msg = "message " + r + " of a client";
              client.send(msg).await();
              if (client.next().await().orElseThrow().equals(msg)) {
                ok++;
              }
            }
            client.close();
            return ok;
          })));
        }
        long total = 0;
        for (JoinHandle<Integer> c : clients) {
          total += c.await();
        }
        return total;
      })));
      assertEquals((long) pairs * rounds, echoed);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aTaskDoingThousandsOfReadyReadsLetsOtherTasksRun(Flavour flavour) {
    int size = 200_000;
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex pipe = Io.duplex(size);
        pipe.client().writeAll(ByteBuffer.allocate(size)).await();
        pipe.client().shutdown().await();
        AtomicBoolean otherRan = new AtomicBoolean();
        int[] readWhenOtherRan = {-1};
        JoinHandle<Integer> reader = Task.spawn(async(() -> {
          ByteBuffer one = ByteBuffer.allocate(1);
          int total = 0;
          while (pipe.server().read(one.clear()).await() > 0) {
            total++;
            if (otherRan.get() && readWhenOtherRan[0] < 0) {
              readWhenOtherRan[0] = total;
            }
          }
          return total;
        }));
        Task.spawn(async(() -> {
          otherRan.set(true);
          return null;
        })).await();
        assertEquals(size, reader.await());
        assertTrue(readWhenOtherRan[0] > 0 && readWhenOtherRan[0] < size,
            "the other task ran while the reader still had bytes ready: "
                + readWhenOtherRan[0]);
        return null;
      })));
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void copyBetweenFramedEndsCarriesEveryFrame(Flavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      byte[][] sent = new byte[500][];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = ("frame " + i + " ").repeat(1 + i % 50).getBytes(StandardCharsets.UTF_8);
      }
      List<byte[]> got = rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex first = Io.duplex(333);
        Io.Duplex second = Io.duplex(777);
        JoinHandle<Long> relay = Task.spawn(async(() -> {
          long n = Io.copy(first.server(), second.client()).await();
          second.client().shutdown().await();
          return n;
        }));
        Task.spawn(async(() -> {
          Framed<byte[], byte[]> out = Framed.of(first.client(), new LengthDelimitedCodec());
          for (byte[] frame : sent) {
            out.send(frame).await();
          }
          first.client().shutdown().await();
          return null;
        }));
        List<byte[]> frames =
            Framed.of(second.server(), new LengthDelimitedCodec()).collectList().await();
        relay.await();
        return frames;
      })));
      assertEquals(sent.length, got.size());
      for (int i = 0; i < sent.length; i++) {
        assertArrayEquals(sent[i], got.get(i));
      }
    }
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
