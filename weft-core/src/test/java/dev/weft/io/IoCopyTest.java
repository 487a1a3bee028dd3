package dev.weft.io;

import static dev.weft.future.Async.async;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.MockTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Io#copy} and {@link Io#copyBidirectional}: counts, flushes, shutdowns, failures. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IoCopyTest {

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] readAll(DuplexStream s) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer dst = ByteBuffer.allocate(4096);
    int n;
    while ((n = Futures.blockOn(s.read(dst.clear()))) >= 0) {
      all.write(dst.array(), 0, n);
    }
    return all.toByteArray();
  }

  // ---- copy ----

  @Test
  void copyCopiesUntilTheEndAndCountsTheBytes() {
    byte[] data = random(100_000, 1);
    RecordingWriter to = new RecordingWriter().maxPerWrite(1000);
    long n = Futures.blockOn(Io.copy(ScriptedReader.of(data, 3000, 17, 9000), to));
    assertEquals(100_000, n);
    assertArrayEquals(data, to.written());
    List<String> events = to.events();
    assertEquals("flush", events.get(events.size() - 1), "flushed at the end");
    assertFalse(to.isShutDown(), "copy does not shut the writer down");
  }

  @Test
  void copyOfAnEmptyStreamIsZeroAndStillFlushes() {
    RecordingWriter to = new RecordingWriter();
    assertEquals(0L, Futures.blockOn(Io.copy(ScriptedReader.of(new byte[0], 1), to)));
    assertEquals(List.of("flush"), to.events());
  }

  @Test
  void copyFlushesWheneverItsReaderWouldWait() {
    ScriptedReader from = new ScriptedReader();
    RecordingWriter to = new RecordingWriter();
    MockTask<Long> copy = MockTask.of(Io.copy(from, to));
    copy.assertPending();
    assertEquals(List.of(), to.events(), "nothing written, nothing to flush");
    from.push("abc".getBytes(UTF_8));
    assertTrue(copy.isWoken());
    copy.assertPending();
    assertEquals(List.of("write 3", "flush"), to.events());
    from.push("de".getBytes(UTF_8));
    from.push("f".getBytes(UTF_8));
    copy.assertPending();
    assertEquals(List.of("write 3", "flush", "write 2", "write 1", "flush"), to.events());
    copy.assertPending();
    assertEquals(2, to.count("flush"), "no flush without new bytes");
    from.end();
    assertEquals(6L, copy.assertReady());
    assertEquals(3, to.count("flush"));
  }

  @Test
  void copyCountsBytesWrittenAndWaitsForASlowWriter() {
    ScriptedReader from = ScriptedReader.of(random(10, 2), 10);
    RecordingWriter to = new RecordingWriter();
    to.block();
    MockTask<Long> copy = MockTask.of(Io.copy(from, to));
    copy.assertPending();
    assertEquals(List.of(), to.events());
    to.unblock();
    assertTrue(copy.isWoken());
    assertEquals(10L, copy.assertReady());
  }

  @Test
  void copyFailsWithTheReadersFailure() {
    ScriptedReader from = new ScriptedReader().push(new byte[] {1});
    IOException cause = new IOException("reset");
    from.fail(cause);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Futures.blockOn(Io.copy(from, new RecordingWriter())));
    assertSame(cause, e.getCause());
  }

  @Test
  void copyRejectsNullsAtTheCall() {
    assertThrows(NullPointerException.class, () -> Io.copy(null, new RecordingWriter()));
    assertThrows(NullPointerException.class, () -> Io.copy(new ScriptedReader(), null));
  }

  @Test
  void copyIsLazy() {
    ScriptedReader from = ScriptedReader.of(new byte[] {1}, 1);
    Future<Long> copy = Io.copy(from, new RecordingWriter());
    assertEquals(0, from.polls());
    copy.cancel();
    assertEquals(0, from.polls());
  }

  @Test
  void aReaderThatReturnsZeroForARoomyBufferIsReportedNotLoopedOn() {
    AsyncRead broken = (cx, dst) -> dev.weft.future.Poll.ready(0);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Futures.blockOn(Io.copy(broken, new RecordingWriter())));
    assertTrue(e.getMessage().contains("returned 0"), e.getMessage());
  }

  // ---- copyBidirectional ----

  /** Two duplex pairs with the copy between them: outer a <-> copy <-> outer b. */
  private record Proxy(DuplexStream a, DuplexStream b, Future<Tuple2<Long, Long>> copy) {
    static Proxy make() {
      Io.Duplex left = Io.duplex(1024);
      Io.Duplex right = Io.duplex(1024);
      return new Proxy(left.client(), right.server(), Io.copyBidirectional(
          left.server(), left.server(), right.client(), right.client()));
    }
  }

  @Test
  void copyBidirectionalCopiesBothWaysAndCountsEach() {
    Proxy p = Proxy.make();
    MockTask<Tuple2<Long, Long>> copy = MockTask.of(p.copy());
    copy.assertPending();
    Futures.blockOn(p.a().writeAll(ByteBuffer.wrap("hello".getBytes(UTF_8))));
    Futures.blockOn(p.b().writeAll(ByteBuffer.wrap("world!".getBytes(UTF_8))));
    assertTrue(copy.isWoken());
    copy.assertPending();
    Futures.blockOn(p.a().shutdown());
    copy.assertPending();
    assertEquals("hello", new String(readAll(p.b()), UTF_8),
        "a's end reached b, then b read end of stream: the copy shut b's side down");
    Futures.blockOn(p.b().shutdown());
    Tuple2<Long, Long> counts = copy.assertReady();
    assertEquals(new Tuple2<>(5L, 6L), counts);
    assertEquals("world!", new String(readAll(p.a()), UTF_8));
  }

  @Test
  void copyBidirectionalReturnsOnlyAfterBothDirectionsEnded() {
    Proxy p = Proxy.make();
    MockTask<Tuple2<Long, Long>> copy = MockTask.of(p.copy());
    Futures.blockOn(p.a().shutdown());
    copy.assertPending();
    assertEquals(0, readAll(p.b()).length, "b's side was shut down at once");
    copy.assertPending();
    Futures.blockOn(p.b().writeAll(ByteBuffer.wrap(new byte[] {1, 2})));
    copy.assertPending();
    Futures.blockOn(p.b().shutdown());
    assertEquals(new Tuple2<>(0L, 2L), copy.assertReady());
  }

  @Test
  void aFailingDirectionCancelsTheOtherAndTheCopyFailsWithItsFailure() {
    ScriptedReader aIn = new ScriptedReader().push(new byte[] {1, 2});
    ScriptedReader bIn = new ScriptedReader();
    RecordingWriter aOut = new RecordingWriter();
    RecordingWriter bOut = new RecordingWriter();
    MockTask<Tuple2<Long, Long>> copy =
        MockTask.of(Io.copyBidirectional(aIn, aOut, bIn, bOut));
    copy.assertPending();
    assertEquals(List.of("write 2", "flush"), bOut.events());
    assertTrue(bIn.hasWaker(), "b->a is waiting for b");
    IOException cause = new IOException("connection reset");
    aIn.fail(cause);
    Throwable failure = copy.assertFails();
    assertSame(cause, failure.getCause());
    int bPolls = bIn.polls();
    bIn.push(new byte[] {3});
    assertThrows(IllegalStateException.class, copy::poll, "the copy is over");
    assertEquals(bPolls, bIn.polls(), "b->a is never polled again");
    assertEquals(List.of(), aOut.events());
    assertFalse(bOut.isShutDown(), "a failed copy shuts nothing down");
  }

  @Test
  void aFailingWriteFailsTheCopyToo() {
    ScriptedReader aIn = new ScriptedReader();
    ScriptedReader bIn = new ScriptedReader().push(new byte[] {1});
    RecordingWriter aOut = new RecordingWriter();
    IOException cause = new IOException("broken");
    aOut.failNextWrite(cause);
    MockTask<Tuple2<Long, Long>> copy =
        MockTask.of(Io.copyBidirectional(aIn, aOut, bIn, new RecordingWriter()));
    assertSame(cause, copy.assertFails().getCause());
  }

  @Test
  void copyBidirectionalRejectsNullsAtTheCall() {
    ScriptedReader r = new ScriptedReader();
    RecordingWriter w = new RecordingWriter();
    assertThrows(NullPointerException.class, () -> Io.copyBidirectional(null, w, r, w));
    assertThrows(NullPointerException.class, () -> Io.copyBidirectional(r, null, r, w));
    assertThrows(NullPointerException.class, () -> Io.copyBidirectional(r, w, null, w));
    assertThrows(NullPointerException.class, () -> Io.copyBidirectional(r, w, r, null));
  }

  // ---- on a runtime ----

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aProxyBetweenTwoDuplexPairsCopiesAMegabyteEachWayOnARuntime(Flavour flavour) {
    byte[] up = random(1 << 20, 3);
    byte[] down = random(1 << 20, 4);
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex left = Io.duplex(4096);
        Io.Duplex right = Io.duplex(4096);
        DuplexStream a = left.client();
        DuplexStream b = right.server();
        JoinHandle<Tuple2<Long, Long>> proxy = Task.spawn(Io.copyBidirectional(
            left.server(), left.server(), right.client(), right.client()));
        JoinHandle<byte[]> bReads = Task.spawn(async(() -> drain(b)));
        JoinHandle<byte[]> aReads = Task.spawn(async(() -> drain(a)));
        JoinHandle<Void> aWrites = Task.spawn(async(() -> {
          a.writeAll(ByteBuffer.wrap(up)).await();
          a.shutdown().await();
          return null;
        }));
        b.writeAll(ByteBuffer.wrap(down)).await();
        b.shutdown().await();
        aWrites.await();
        assertArrayEquals(up, bReads.await());
        assertArrayEquals(down, aReads.await());
        assertEquals(new Tuple2<>((long) up.length, (long) down.length), proxy.await());
        return null;
      })));
    }
  }

  private static byte[] drain(DuplexStream s) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer dst = ByteBuffer.allocate(3000);
    int n;
    while ((n = s.read(dst.clear()).await()) >= 0) {
      all.write(dst.array(), 0, n);
    }
    return all.toByteArray();
  }
}
