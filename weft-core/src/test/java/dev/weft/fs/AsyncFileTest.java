package dev.weft.fs;

import static dev.weft.fs.FsTesting.inRuntime;
import static dev.weft.fs.FsTesting.pollUntilFails;
import static dev.weft.fs.FsTesting.pollUntilReady;
import static dev.weft.future.Async.async;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.MockTask;
import dev.weft.time.Time;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AsyncFile}: reads and writes on the file's position, the one-pending rule, close,
 * cancel safety, and that the blocking calls never hold a worker. The tests that need a
 * blocking call to stay in flight hold it at a {@link GatedSpawner}'s gate and poll by hand
 * ({@link MockTask}) inside the runtime.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncFileTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource
  void readsAndWritesRoundTripThroughTheFilePosition(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(async(() -> {
        try (AsyncFile f = AsyncFiles.open(p, READ, WRITE, CREATE_NEW).await()) {
          assertEquals(5, f.write(bytes("hello")).await());
          f.writeAll(bytes(" world")).await();
          f.flush().await();
          f.sync().await();
          assertEquals(11L, f.size().await());
          assertEquals(-1, f.read(ByteBuffer.allocate(8)).await(), "the position is at the end");
        }
        try (AsyncFile f = AsyncFiles.open(p).await()) { // no options: reading, from the start
          ByteBuffer hello = ByteBuffer.allocate(5);
          f.readExact(hello).await();
          assertEquals("hello", text(hello));
          ByteBuffer rest = ByteBuffer.allocate(100);
          assertEquals(6, Futures.pollFn(cx -> f.pollRead(cx, rest)).await()); // a direct caller
          assertEquals(" world", text(rest));
          assertEquals(0, f.read(ByteBuffer.allocate(0)).await(), "no room: 0 at once");
          assertEquals(-1, f.read(rest).await());
          UncheckedIOException e = assertThrows(UncheckedIOException.class,
              () -> f.readExact(ByteBuffer.allocate(1)).await());
          assertInstanceOf(EOFException.class, e.getCause());
        }
        try (AsyncFile f = AsyncFiles.open(p, APPEND).await()) {
          f.writeAll(bytes("!")).await();
        }
        return null;
      }));
    }
    assertEquals("hello world!", Files.readString(p));
  }

  @ParameterizedTest
  @EnumSource
  void aReadCancelledInFlightHandsItsBytesToTheNextRead(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    byte[] content = new byte[10_000];
    new Random(3).nextBytes(content);
    Files.write(p, content);
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      AsyncFile f = new AsyncFile(FileChannel.open(p), "f", gate);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      inRuntime(rt, () -> {
        MockTask<Integer> first = MockTask.of(f.read(ByteBuffer.allocate(1000)));
        first.assertPending(); // its blocking read waits at the gate
        first.cancel();
        gate.letThrough(1);
        gate.awaitFinished(0); // the cancelled read brought its 1000 bytes
        ByteBuffer small = ByteBuffer.allocate(300);
        assertEquals(300, pollUntilReady(MockTask.of(f.read(small))));
        got.write(small.array(), 0, 300);
        ByteBuffer big = ByteBuffer.allocate(5000);
        assertEquals(700, MockTask.of(f.read(big)).assertReady(), "the rest, at once");
        assertEquals(1, gate.spawned(), "no blocking read but the cancelled one");
        got.write(big.array(), 0, 700);
        gate.open();
        for (;;) {
          ByteBuffer b = ByteBuffer.allocate(4096);
          int n = pollUntilReady(MockTask.of(f.read(b)));
          if (n < 0) {
            break;
          }
          got.write(b.array(), 0, n);
        }
        f.close();
      });
      assertArrayEquals(content, got.toByteArray());
    }
  }

  @ParameterizedTest
  @EnumSource
  void readsCancelledAtRandomLoseNoByte(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    byte[] content = new byte[2 * 1024 * 1024];
    new Random(5).nextBytes(content);
    Files.write(p, content);
    try (AsyncRuntime rt = flavour.build()) {
      byte[] got = rt.blockOn(async(() -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random r = new Random(11);
        try (AsyncFile f = AsyncFiles.open(p).await()) {
          for (;;) {
            ByteBuffer b = ByteBuffer.allocate(1 + r.nextInt(64 * 1024));
            // The read loses the race whenever its blocking call is slower than one yield.
            int n = Futures.race(f.read(b), Task.yieldNow().map(v -> -2)).await();
            if (n == -1) {
              break;
            }
            if (n > 0) {
              out.write(b.array(), 0, n);
            }
          }
        }
        return out.toByteArray();
      }));
      assertArrayEquals(content, got);
    }
  }

  @ParameterizedTest
  @EnumSource
  void aWriteAfterReadAheadLandsAtTheLogicalPosition(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "abcdefgh");
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      AsyncFile f = new AsyncFile(FileChannel.open(p, READ, WRITE), "f", gate);
      inRuntime(rt, () -> {
        MockTask<Integer> cancelled = MockTask.of(f.read(ByteBuffer.allocate(4)));
        cancelled.assertPending();
        cancelled.cancel();
        gate.open();
        ByteBuffer two = ByteBuffer.allocate(2);
        assertEquals(2, pollUntilReady(MockTask.of(f.read(two))));
        assertEquals("ab", text(two)); // "cd" is read ahead: the channel is at 4, the file at 2
        assertEquals(2, pollUntilReady(MockTask.of(f.write(bytes("XY")))));
        ByteBuffer rest = ByteBuffer.allocate(10);
        assertEquals(4, pollUntilReady(MockTask.of(f.read(rest))));
        assertEquals("efgh", text(rest));
        f.close();
      });
    }
    assertEquals("abXYefgh", Files.readString(p));
  }

  @ParameterizedTest
  @EnumSource
  void oneReadAndOneWriteMayBePendingButNotTwoOfEither(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "abcdefgh");
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      AsyncFile f = new AsyncFile(FileChannel.open(p, READ, WRITE), "f", gate);
      inRuntime(rt, () -> {
        ByteBuffer four = ByteBuffer.allocate(4);
        MockTask<Integer> read = MockTask.of(f.read(four));
        read.assertPending();
        MockTask<Integer> secondRead = MockTask.of(f.read(ByteBuffer.allocate(4)));
        assertOnePending(secondRead.assertFails());
        assertOnePending(assertThrows(IllegalStateException.class,
            () -> f.pollRead(secondRead.context(), ByteBuffer.allocate(4))));
        MockTask<Integer> write = MockTask.of(f.write(bytes("XY")));
        write.assertPending(); // with the read: it waits for the read's blocking call
        MockTask<Integer> secondWrite = MockTask.of(f.write(bytes("ZZ")));
        assertOnePending(secondWrite.assertFails());
        assertOnePending(assertThrows(IllegalStateException.class,
            () -> f.pollWrite(secondWrite.context(), bytes("ZZ"))));
        gate.open();
        assertEquals(4, pollUntilReady(read));
        assertEquals("abcd", text(four));
        assertEquals(2, pollUntilReady(write));
        ByteBuffer rest = ByteBuffer.allocate(8);
        assertEquals(2, pollUntilReady(MockTask.of(f.read(rest))), "a read once the first ended");
        assertEquals("gh", text(rest));
        f.close();
      });
    }
    assertEquals("abcdXYgh", Files.readString(p));
  }

  @ParameterizedTest
  @EnumSource
  void aClosedFileFailsPendingAndLaterOperationsWithClosedChannelException(Flavour flavour)
      throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "abc");
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      FileChannel channel = FileChannel.open(p, READ, WRITE);
      AsyncFile f = new AsyncFile(channel, "f", gate);
      inRuntime(rt, () -> {
        MockTask<Integer> pending = MockTask.of(f.read(ByteBuffer.allocate(4)));
        pending.assertPending();
        f.close();
        assertTrue(pending.isWoken(), "close wakes the pending read");
        assertClosed(pending.assertFails());
        assertTrue(channel.isOpen(), "the blocking read in flight still has the channel");
        gate.open();
        FsTesting.eventually("the channel to close after the read", () -> !channel.isOpen());
        f.close(); // idempotent
        List<Supplier<Future<?>>> operations = List.of(
            () -> f.read(ByteBuffer.allocate(1)),
            () -> f.readExact(ByteBuffer.allocate(1)),
            () -> f.write(bytes("x")),
            () -> f.writeAll(bytes("x")),
            () -> f.flush(),
            () -> f.shutdown(),
            () -> f.size(),
            () -> f.sync(),
            () -> Futures.pollFn(cx -> f.pollRead(cx, ByteBuffer.allocate(1))),
            () -> Futures.pollFn(cx -> f.pollWrite(cx, bytes("x"))));
        for (Supplier<Future<?>> op : operations) {
          assertClosed(MockTask.of(op.get()).assertFails());
        }
      });
      assertEquals("abc", Files.readString(p));
    }
  }

  @ParameterizedTest
  @EnumSource
  void awaitingOnAClosedFileThrowsTheUncheckedIOException(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "abc");
    try (AsyncRuntime rt = flavour.build()) {
      Throwable cause = rt.blockOn(async(() -> {
        AsyncFile f = AsyncFiles.open(p).await();
        f.close();
        try {
          f.read(ByteBuffer.allocate(4)).await();
          return null;
        } catch (UncheckedIOException e) {
          return e.getCause();
        }
      }));
      assertInstanceOf(ClosedChannelException.class, cause);
    }
  }

  @ParameterizedTest
  @EnumSource
  void aWriteCancelledInFlightStillCompletes(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      AsyncFile f = new AsyncFile(FileChannel.open(p, WRITE, CREATE_NEW), "f", gate);
      inRuntime(rt, () -> {
        ByteBuffer src = bytes("hello");
        MockTask<Integer> write = MockTask.of(f.write(src));
        write.assertPending();
        assertEquals(0, src.position(), "a pending write has taken nothing yet");
        write.cancel();
        assertEquals(5, src.position(), "cancelled in flight: its bytes count as taken");
        MockTask<Void> flush = MockTask.of(f.flush());
        flush.assertPending(); // the write in flight is not in the file yet
        gate.open();
        pollUntilReady(flush);
        assertEquals("hello", read(p));
        assertEquals(6, pollUntilReady(MockTask.of(f.write(bytes(" world")))));
        f.close();
      });
    }
    assertEquals("hello world", Files.readString(p));
  }

  @ParameterizedTest
  @EnumSource
  void aWriteInFlightWhenTheFileClosesStillReachesTheFile(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      FileChannel channel = FileChannel.open(p, WRITE, CREATE_NEW);
      AsyncFile f = new AsyncFile(channel, "f", gate);
      inRuntime(rt, () -> {
        MockTask<Integer> write = MockTask.of(f.write(bytes("kept")));
        write.assertPending();
        write.cancel();
        f.close();
        assertTrue(channel.isOpen(), "the write in flight still has the channel");
        gate.open();
        FsTesting.eventually("the channel to close after the write", () -> !channel.isOpen());
      });
    }
    assertEquals("kept", Files.readString(p));
  }

  @ParameterizedTest
  @EnumSource
  void theFailureOfACancelledWriteIsThrownByTheNextWrite(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "abc");
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      AsyncFile f = new AsyncFile(FileChannel.open(p, READ), "read-only", gate);
      inRuntime(rt, () -> {
        MockTask<Integer> write = MockTask.of(f.write(bytes("x")));
        write.assertPending();
        write.cancel();
        gate.open();
        gate.awaitFinished(0); // it failed: the channel is not writable
        MockTask<Integer> next = MockTask.of(f.write(bytes("y")));
        assertInstanceOf(NonWritableChannelException.class, pollUntilFails(next));
        ByteBuffer b = ByteBuffer.allocate(8);
        assertEquals(3, pollUntilReady(MockTask.of(f.read(b))), "reads are not concerned");
        f.close();
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void flushCompletesAtOnceAndWritesAfterShutdownFail(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    try (AsyncRuntime rt = flavour.build()) {
      AsyncFile f = rt.blockOn(AsyncFiles.open(p, READ, WRITE, CREATE_NEW));
      inRuntime(rt, () -> {
        assertEquals(3, pollUntilReady(MockTask.of(f.write(bytes("abc")))));
        MockTask.of(f.flush()).assertReady(); // on its first poll: nothing is buffered
        pollUntilReady(MockTask.of(f.sync()));
        assertEquals(3L, pollUntilReady(MockTask.of(f.size())));
        pollUntilReady(MockTask.of(f.shutdown()));
        Throwable e = MockTask.of(f.write(bytes("d"))).assertFails();
        assertInstanceOf(UncheckedIOException.class, e);
      });
      rt.blockOn(async(() -> {
        ByteBuffer b = ByteBuffer.allocate(4);
        assertEquals(-1, f.read(b).await(), "reading still works, at the end of the file");
        f.close();
        return null;
      }));
    }
    assertEquals("abc", Files.readString(p));
  }

  @Test
  void pollingABlockingCallOutsideARuntimeThrowsIllegalStateExceptionNamingAsyncRuntime()
      throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "abc");
    try (AsyncFile f = new AsyncFile(FileChannel.open(p, READ, WRITE), "f",
        BlockingSpawner.RUNTIME)) {
      List<Supplier<Future<?>>> operations = List.of(
          () -> f.read(ByteBuffer.allocate(1)),
          () -> f.readExact(ByteBuffer.allocate(1)),
          () -> f.write(bytes("x")),
          () -> f.writeAll(bytes("x")),
          () -> f.size(),
          () -> f.sync(),
          // no blocking call in these two, but the rule is for every I/O future
          () -> f.flush(),
          () -> f.shutdown());
      for (Supplier<Future<?>> op : operations) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> Futures.blockOn(op.get()));
        assertTrue(e.getMessage().contains("AsyncRuntime"), e.getMessage());
      }
    }
    assertEquals("abc", Files.readString(p));
  }

  @ParameterizedTest
  @EnumSource
  void aBigFileCopiedBetweenAsyncFilesKeepsItsChecksum(Flavour flavour) throws IOException {
    Path from = dir.resolve("from");
    Path to = dir.resolve("to");
    int size = 32 * 1024 * 1024;
    byte[] content = new byte[size];
    new Random(13).nextBytes(content);
    Files.write(from, content);
    content = null; // the copy is checked by checksum, not by a second 32 MiB array
    long copied;
    try (AsyncRuntime rt = flavour.build()) {
      copied = rt.blockOn(async(() -> {
        long total = 0;
        try (AsyncFile in = AsyncFiles.open(from).await();
             AsyncFile out = AsyncFiles.open(to, WRITE, CREATE_NEW).await()) {
          ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
          while (in.read(buf.clear()).await() >= 0) {
            buf.flip();
            total += buf.remaining();
            out.writeAll(buf).await();
          }
          out.sync().await();
          assertEquals((long) size, out.size().await());
        }
        return total;
      }));
    }
    assertEquals(size, copied);
    assertEquals(crc(from), crc(to));
  }

  @ParameterizedTest
  @EnumSource
  void aFileReadInFlightLeavesTheWorkerFreeForOtherTasks(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "abc");
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      check(rt, p, gate);
    }
  }

  /**
   * The read's blocking call waits at the gate until a timer task has ticked five times and
   * opens it: if the read held its thread (the only one, on the current-thread runtime and the
   * multi-thread one with one worker), the ticks could never come and the test would time out.
   */
  private static void check(AsyncRuntime rt, Path p, GatedSpawner gate) throws IOException {
    AsyncFile f = new AsyncFile(FileChannel.open(p), "f", gate);
    AtomicInteger ticks = new AtomicInteger();
    JoinHandle<Void> ticker = rt.spawn(async(() -> {
      while (ticks.get() < 5) {
        Time.sleep(Duration.ofMillis(1)).await();
        ticks.incrementAndGet();
      }
      gate.open();
      return null;
    }));
    JoinHandle<Integer> reader = rt.spawn(async(() -> {
      ByteBuffer b = ByteBuffer.allocate(8);
      int n = f.read(b).await();
      assertTrue(ticks.get() >= 5, "the read ended before the ticker opened the gate");
      f.close();
      return n;
    }));
    assertEquals(3, rt.blockOn(reader));
    rt.blockOn(ticker);
  }

  // ---- helpers ----

  private static void assertOnePending(Throwable t) {
    assertInstanceOf(IllegalStateException.class, t);
    assertTrue(t.getMessage().contains("one pending read and one pending write"),
        t.getMessage());
  }

  private static void assertClosed(Throwable t) {
    assertInstanceOf(UncheckedIOException.class, t);
    assertInstanceOf(ClosedChannelException.class, t.getCause());
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(UTF_8));
  }

  /** The bytes before {@code b}'s position, as text. */
  private static String text(ByteBuffer b) {
    return new String(Arrays.copyOf(b.array(), b.position()), UTF_8);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  private static long crc(Path p) throws IOException {
    CRC32 crc = new CRC32();
    try (FileChannel ch = FileChannel.open(p)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 20);
      while (ch.read(b.clear()) >= 0) {
        crc.update(b.flip());
      }
    }
    return crc.getValue();
  }
}
