package dev.weft.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.test.MockStream;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Framed}, polled by hand over scripted streams: each rule of its class comment. */
class FramedTest {

  /** A reader and writer in one object that counts its closes. */
  private static final class ClosableIo implements AsyncRead, AsyncWrite, AutoCloseable {
    final ScriptedReader in = new ScriptedReader();
    final RecordingWriter out = new RecordingWriter();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
      return in.pollRead(cx, dst);
    }

    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
      return out.pollWrite(cx, src);
    }

    @Override
    public Poll<Void> pollFlush(Context cx) {
      return out.pollFlush(cx);
    }

    @Override
    public Poll<Void> pollShutdown(Context cx) {
      return out.pollShutdown(cx);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  private static Framed<String, String> lines(ScriptedReader in, RecordingWriter out) {
    return Framed.of(in, out, new LinesCodec());
  }

  // ---- reading ----

  @Test
  void framesAreReadAndTheStreamEndsAtTheEndOfTheBytes() {
    ScriptedReader in = ScriptedReader.of("a\nbb\r\nccc".getBytes(UTF_8), 2);
    Framed<String, String> f = lines(in, new RecordingWriter());
    assertEquals(List.of("a", "bb", "ccc"), Futures.blockOn(f.collectList()));
  }

  @Test
  void nextAfterTheEndGivesTheEndAgain() {
    Framed<String, String> f = lines(ScriptedReader.of("x\n".getBytes(UTF_8), 10),
        new RecordingWriter());
    assertEquals(Optional.of("x"), Futures.blockOn(f.next()));
    assertEquals(Optional.empty(), Futures.blockOn(f.next()));
    assertEquals(Optional.empty(), Futures.blockOn(f.next()));
    MockStream.of(f).assertEnd();
  }

  @Test
  void aCorruptFrameIsThrownAgainByEveryLaterNext() {
    ScriptedReader in = ScriptedReader.of("ok\nmuch too long\nfine\n".getBytes(UTF_8), 100);
    Framed<String, String> f = Framed.of(in, new RecordingWriter(), new LinesCodec(5));
    assertEquals(Optional.of("ok"), Futures.blockOn(f.next()));
    CorruptFrameException first =
        assertThrows(CorruptFrameException.class, () -> Futures.blockOn(f.next()));
    CorruptFrameException again =
        assertThrows(CorruptFrameException.class, () -> Futures.blockOn(f.next()));
    assertSame(first, again);
    assertSame(first, MockStream.of(f).assertFails());
  }

  @Test
  void aHeaderTooLargeIsCorruptBeforeTheBodyIsRead() {
    ScriptedReader in = new ScriptedReader().push(new byte[] {0, 0, 4, 1}); // 1025 announced
    Framed<byte[], byte[]> f = Framed.of(in, new RecordingWriter(), new LengthDelimitedCodec(1024));
    assertThrows(CorruptFrameException.class, () -> MockTask.of(f.next()).poll());
    assertEquals(Framed.INITIAL_READ_CAPACITY, f.readCapacity(), "no room made for the body");
  }

  @Test
  void aStreamThatEndsInsideAFrameIsCorrupt() {
    ScriptedReader in = ScriptedReader.of(new byte[] {0, 0, 0, 9, 1, 2}, 3);
    Framed<byte[], byte[]> f = Framed.of(in, new RecordingWriter(), new LengthDelimitedCodec());
    assertThrows(CorruptFrameException.class, () -> Futures.blockOn(f.next()));
  }

  @Test
  void aCancelledNextLeavesThePartialFrameBufferedForTheNextCall() {
    ScriptedReader in = new ScriptedReader();
    Framed<String, String> f = lines(in, new RecordingWriter());
    in.push("hel".getBytes(UTF_8));
    MockTask<Optional<String>> next = MockTask.of(f.next());
    next.assertPending();
    in.push("lo, wo".getBytes(UTF_8));
    assertTrue(next.isWoken());
    next.assertPending();
    next.cancel();
    in.push("rld\n".getBytes(UTF_8));
    assertEquals(Optional.of("hello, world"), MockTask.of(f.next()).assertReady());
  }

  @Test
  void aPartialLengthDelimitedFrameSurvivesACancelledNext() {
    ScriptedReader in = new ScriptedReader();
    Framed<byte[], byte[]> f = Framed.of(in, new RecordingWriter(), new LengthDelimitedCodec());
    in.push(new byte[] {0, 0});
    MockTask<Optional<byte[]>> next = MockTask.of(f.next());
    next.assertPending();
    in.push(new byte[] {0, 3, 7});
    next.assertPending();
    next.cancel();
    in.push(new byte[] {8, 9});
    assertArrayEquals(new byte[] {7, 8, 9}, MockTask.of(f.next()).assertReady().orElseThrow());
  }

  @Test
  void aFrameLargerThanTheReadBufferGrowsItAndAFullBufferIsCompactedFirst() {
    String big = "q".repeat(3 * Framed.INITIAL_READ_CAPACITY);
    ScriptedReader in = ScriptedReader.of(("ab\n" + big + "\nz\n").getBytes(UTF_8), 1000);
    Framed<String, String> f = lines(in, new RecordingWriter());
    assertEquals(List.of("ab", big, "z"), Futures.blockOn(f.collectList()));
    assertTrue(f.readCapacity() >= big.length(), "grew to hold the frame");
    assertTrue(f.readCapacity() <= 4 * Framed.INITIAL_READ_CAPACITY, "doubled, not more");
  }

  @Test
  void manySmallFramesDoNotGrowTheReadBuffer() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Framed<String, String> f = lines(ScriptedReader.of(text.toString().getBytes(UTF_8), 1500),
        new RecordingWriter());
    assertEquals(10_000, Futures.blockOn(f.count()));
    assertEquals(Framed.INITIAL_READ_CAPACITY, f.readCapacity());
  }

  /**
   * A 2 MiB line read one byte a read: with the codec searching only the new byte each time it
   * takes about two million short polls; searching the line again at each byte would take some
   * 2 * 10^12 byte comparisons, far beyond the timeout.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aLongLineArrivingOneByteAReadIsSearchedInLinearTime() {
    int length = 2 * 1024 * 1024;
    byte[] line = new byte[length + 1];
    Arrays.fill(line, (byte) 'w');
    line[length] = '\n';
    int[] at = {0};
    AsyncRead oneByteARead = (cx, dst) -> {
      if (at[0] == line.length) {
        return Poll.ready(-1);
      }
      dst.put(line[at[0]++]);
      return Poll.ready(1);
    };
    Framed<String, String> f =
        Framed.of(oneByteARead, new RecordingWriter(), new LinesCodec(length));
    assertEquals(length, Futures.blockOn(f.next()).orElseThrow().length());
    assertTrue(f.readCapacity() <= 2 * line.length, "doubled up to the line: " + f.readCapacity());
  }

  @Test
  void anIoFailureComesOutOfNext() {
    ScriptedReader in = new ScriptedReader();
    IOException cause = new IOException("reset");
    in.fail(cause);
    Framed<String, String> f = lines(in, new RecordingWriter());
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> Futures.blockOn(f.next()));
    assertSame(cause, e.getCause());
  }

  // ---- writing ----

  @Test
  void sendEncodesThenWritesAndFlushes() {
    RecordingWriter out = new RecordingWriter();
    Framed<String, String> f = lines(new ScriptedReader(), out);
    Futures.blockOn(f.send("hi"));
    assertEquals(List.of("write 3", "flush"), out.events());
    assertArrayEquals("hi\n".getBytes(UTF_8), out.written());
  }

  @Test
  void feedBuffersAndFlushWritesEverythingFedInOneWrite() {
    RecordingWriter out = new RecordingWriter();
    Framed<String, String> f = lines(new ScriptedReader(), out);
    Futures.blockOn(f.feed("a"));
    Futures.blockOn(f.feed("b"));
    assertEquals(List.of(), out.events(), "fed frames wait for a flush");
    Futures.blockOn(f.flush());
    assertEquals(List.of("write 4", "flush"), out.events());
    assertArrayEquals("a\nb\n".getBytes(UTF_8), out.written());
  }

  @Test
  void feedFlushesByItselfOnlyAbove64KiBBuffered() {
    RecordingWriter out = new RecordingWriter();
    Framed<byte[], byte[]> f = Framed.of(new ScriptedReader(), out, new LengthDelimitedCodec());
    Futures.blockOn(f.feed(new byte[Framed.FEED_BOUNDARY - 4])); // exactly 64 KiB buffered
    assertEquals(List.of(), out.events());
    Futures.blockOn(f.feed(new byte[0])); // 4 more bytes
    assertEquals(List.of("write " + (Framed.FEED_BOUNDARY + 4), "flush"), out.events());
    assertEquals(0, f.writeBuffer().size());
  }

  @Test
  void aFeedAboveTheBoundaryWaitsForASlowWriter() {
    RecordingWriter out = new RecordingWriter();
    out.block();
    Framed<byte[], byte[]> f = Framed.of(new ScriptedReader(), out, new LengthDelimitedCodec());
    MockTask<Void> feed = MockTask.of(f.feed(new byte[Framed.FEED_BOUNDARY]));
    feed.assertPending();
    out.unblock();
    assertTrue(feed.isWoken());
    feed.assertReady();
  }

  @Test
  void sendAndFeedEncodeAtTheirFirstPollNotAtTheCall() {
    RecordingWriter out = new RecordingWriter();
    Framed<String, String> f = lines(new ScriptedReader(), out);
    Future<Void> second = f.send("second");
    Future<Void> first = f.feed("first");
    Futures.blockOn(first);
    Futures.blockOn(second);
    assertArrayEquals("first\nsecond\n".getBytes(UTF_8), out.written());
    Future<Void> never = f.send("never");
    never.cancel();
    Futures.blockOn(f.flush());
    assertArrayEquals("first\nsecond\n".getBytes(UTF_8), out.written(),
        "a send cancelled before its first poll sent nothing");
  }

  @Test
  void aSendCancelledWhileTheWriterWaitsLeavesItsFrameForTheNextFlush() {
    RecordingWriter out = new RecordingWriter();
    out.block();
    Framed<String, String> f = lines(new ScriptedReader(), out);
    MockTask<Void> send = MockTask.of(f.send("kept"));
    send.assertPending();
    send.cancel();
    out.unblock();
    Futures.blockOn(f.flush());
    assertArrayEquals("kept\n".getBytes(UTF_8), out.written());
  }

  @Test
  void aFailedEncodeLeavesNoHalfFrameBehind() {
    Codec<String, String> halfThenThrow = new Codec<>() {
      @Override
      public Optional<String> decode(ByteBuffer src) {
        return Optional.empty();
      }

      @Override
      public void encode(String item, WriteBuffer out) {
        out.putUtf8(item);
        if (item.equals("bad")) {
          throw new IllegalArgumentException("bad item");
        }
      }
    };
    RecordingWriter out = new RecordingWriter();
    Framed<String, String> f = Framed.of(new ScriptedReader(), out, halfThenThrow);
    Futures.blockOn(f.feed("good"));
    assertThrows(IllegalArgumentException.class, () -> Futures.blockOn(f.feed("bad")));
    Futures.blockOn(f.flush());
    assertArrayEquals("good".getBytes(UTF_8), out.written());
  }

  @Test
  void aWriterTakingAFewBytesAtATimeGetsEveryByteInOrder() {
    RecordingWriter out = new RecordingWriter().maxPerWrite(3);
    Framed<String, String> f = lines(new ScriptedReader(), out);
    Futures.blockOn(f.feed("abcdefg"));
    Futures.blockOn(f.send("hij"));
    assertArrayEquals("abcdefg\nhij\n".getBytes(UTF_8), out.written());
  }

  // ---- closing ----

  @Test
  void closeClosesTheWrappedStreamOnceAndIsIdempotent() {
    ClosableIo io = new ClosableIo();
    Framed<String, String> f = Framed.of(io, new LinesCodec());
    f.close();
    f.close();
    assertEquals(1, io.closes.get(), "one object for both directions: closed once");
  }

  @Test
  void closeClosesBothStreamsWhenTheyDiffer() {
    ClosableIo reading = new ClosableIo();
    ClosableIo writing = new ClosableIo();
    Framed.of(reading, writing, new LinesCodec()).close();
    assertEquals(1, reading.closes.get());
    assertEquals(1, writing.closes.get());
  }

  @Test
  void cancelIsClose() {
    ClosableIo io = new ClosableIo();
    Framed<String, String> f = Framed.of(io, new LinesCodec());
    f.cancel();
    assertEquals(1, io.closes.get());
    f.close();
    assertEquals(1, io.closes.get());
  }

  @Test
  void afterCloseEveryOperationFailsWithClosedChannelException() {
    Framed<String, String> f = Framed.of(new ClosableIo(), new LinesCodec());
    Future<Void> madeBefore = f.send("x");
    f.close();
    List<Runnable> ops = new ArrayList<>(List.of(
        () -> Futures.blockOn(f.next()),
        () -> Futures.blockOn(f.send("a")),
        () -> Futures.blockOn(f.feed("a")),
        () -> Futures.blockOn(f.flush()),
        () -> Futures.blockOn(madeBefore)));
    for (Runnable op : ops) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, op::run);
      assertInstanceOf(ClosedChannelException.class, e.getCause());
    }
  }

  @Test
  void aFailingCloseOfTheFirstStreamStillClosesTheSecond() {
    ClosableIo writing = new ClosableIo();
    AsyncRead failingReader = new FailingCloseReader();
    Framed<String, String> f = Framed.of(failingReader, writing, new LinesCodec());
    UncheckedIOException e = assertThrows(UncheckedIOException.class, f::close);
    assertEquals("close failed", e.getCause().getMessage());
    assertEquals(1, writing.closes.get());
  }

  private static final class FailingCloseReader implements AsyncRead, AutoCloseable {
    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
      return Poll.pending();
    }

    @Override
    public void close() throws IOException {
      throw new IOException("close failed");
    }
  }

  @Test
  void nullsAreRejectedAtTheCall() {
    ClosableIo io = new ClosableIo();
    LinesCodec codec = new LinesCodec();
    assertThrows(NullPointerException.class, () -> Framed.of(null, io, codec));
    assertThrows(NullPointerException.class, () -> Framed.of(io, null, codec));
    assertThrows(NullPointerException.class, () -> Framed.of(io, io, null));
    assertThrows(NullPointerException.class, () -> Framed.of((ClosableIo) null, codec));
    Framed<String, String> f = Framed.of(io, codec);
    assertThrows(NullPointerException.class, () -> f.send(null));
    assertThrows(NullPointerException.class, () -> f.feed(null));
  }
}
