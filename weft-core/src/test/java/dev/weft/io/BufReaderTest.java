package dev.weft.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.stream.Stream;
import dev.weft.test.MockStream;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link BufReader}: buffered reads, and lines over every way their bytes can arrive. */
class BufReaderTest {

  private static BufReader reader(String text, int... chunks) {
    return new BufReader(ScriptedReader.of(text.getBytes(UTF_8), chunks));
  }

  private static List<String> allLines(BufReader r) {
    return Futures.blockOn(r.lines().collectList());
  }

  @Test
  void readLineRemovesNewlineAndCrLfTerminators() {
    BufReader r = reader("one\ntwo\r\n\r\nthree\n", 100);
    assertEquals(Optional.of("one"), Futures.blockOn(r.readLine()));
    assertEquals(Optional.of("two"), Futures.blockOn(r.readLine()));
    assertEquals(Optional.of(""), Futures.blockOn(r.readLine()));
    assertEquals(Optional.of("three"), Futures.blockOn(r.readLine()));
    assertEquals(Optional.empty(), Futures.blockOn(r.readLine()), "empty at the end");
    assertEquals(Optional.empty(), Futures.blockOn(r.readLine()), "and again");
  }

  @Test
  void theLastLineWithoutTerminatorIsReturned() {
    assertEquals(List.of("a", "last"), allLines(reader("a\nlast", 100)));
    assertEquals(List.of("a", "b\r"), allLines(reader("a\nb\r", 100)),
        "a \\r alone is not a terminator");
    assertEquals(List.of(), allLines(reader("", 1)));
  }

  @Test
  void aLineSplitAcrossManyReadsIsWhole() {
    String text = "h\u00e9llo w\u00f6rld \uD83D\uDE00\r\nsecond line\n";
    assertEquals(List.of("h\u00e9llo w\u00f6rld \uD83D\uDE00", "second line"),
        allLines(new BufReader(ScriptedReader.of(text.getBytes(UTF_8), 1), 4)),
        "one byte a read, a 4-byte buffer: even the \\r\\n and the UTF-8 sequences are split");
  }

  @Test
  void everySplitPointGivesTheSameLines() {
    byte[] text = "ab\r\ncd\nef".getBytes(UTF_8);
    for (int split = 1; split < text.length; split++) {
      assertEquals(List.of("ab", "cd", "ef"),
          allLines(new BufReader(ScriptedReader.of(text, split, text.length), 3)), "at " + split);
    }
  }

  @Test
  void aLineLongerThanTheBufferIsGatheredWhole() {
    String longLine = "z".repeat(100_000);
    byte[] text = (longLine + "\nshort\n").getBytes(UTF_8);
    BufReader r = new BufReader(ScriptedReader.of(text, 777), 16);
    assertEquals(Optional.of(longLine), Futures.blockOn(r.readLine()));
    assertEquals(0, r.lineCapacity(), "the array of a line over 64 KiB is let go");
    assertEquals(Optional.of("short"), Futures.blockOn(r.readLine()));
  }

  @Test
  void aCancelledReadLineKeepsThePartialLineAndTheNextReturnsItWhole() {
    ScriptedReader in = new ScriptedReader();
    BufReader r = new BufReader(in, 8);
    in.push("hel".getBytes(UTF_8));
    MockTask<Optional<String>> first = MockTask.of(r.readLine());
    first.assertPending();
    in.push("lo wo".getBytes(UTF_8));
    first.assertPending();
    first.cancel();
    in.push("rld\nnext".getBytes(UTF_8));
    assertEquals(Optional.of("hello world"), MockTask.of(r.readLine()).assertReady());
    MockTask<Optional<String>> second = MockTask.of(r.readLine());
    second.assertPending();
    second.cancel();
    in.end();
    assertEquals(Optional.of("next"), MockTask.of(r.readLine()).assertReady());
  }

  @Test
  void aCancelledNextOfLinesKeepsThePartialLine() {
    ScriptedReader in = new ScriptedReader();
    BufReader r = new BufReader(in);
    Stream<String> lines = r.lines();
    in.push("par".getBytes(UTF_8));
    MockTask<Optional<String>> next = MockTask.of(lines.next());
    next.assertPending();
    next.cancel();
    in.push("tial\n".getBytes(UTF_8));
    MockStream<String> s = MockStream.of(lines);
    assertEquals("partial", s.assertNext());
    s.assertPending();
    in.end();
    s.assertEnd();
  }

  @Test
  void aPendingReadLineIsWokenWhenBytesCome() {
    ScriptedReader in = new ScriptedReader();
    MockTask<Optional<String>> line = MockTask.of(new BufReader(in).readLine());
    line.assertPending();
    in.push("x\n".getBytes(UTF_8));
    assertTrue(line.isWoken());
    assertEquals(Optional.of("x"), line.assertReady());
  }

  @Test
  void aReadAfterACancelledReadLineGetsTheBytesOfTheBegunLineFirst() {
    ScriptedReader in = new ScriptedReader();
    BufReader r = new BufReader(in, 4);
    in.push("abcdef".getBytes(UTF_8));
    MockTask<Optional<String>> line = MockTask.of(r.readLine());
    line.assertPending();
    line.cancel();
    in.push("gh".getBytes(UTF_8));
    in.end();
    ByteBuffer dst = ByteBuffer.allocate(100);
    int n;
    while ((n = Futures.blockOn(r.read(dst))) > 0) {
      assertTrue(n <= 100);
    }
    assertEquals(-1, n);
    assertEquals("abcdefgh", new String(dst.array(), 0, dst.position(), UTF_8));
  }

  @Test
  void smallReadsAreServedFromTheBuffer() {
    ScriptedReader in = ScriptedReader.of("abcdefgh".getBytes(UTF_8), 8);
    BufReader r = new BufReader(in, 16);
    ByteBuffer two = ByteBuffer.allocate(2);
    assertEquals(2, Futures.blockOn(r.read(two)));
    assertEquals(1, in.polls());
    assertEquals(6, r.buffered());
    assertEquals(2, Futures.blockOn(r.read(two.clear())));
    assertEquals(1, in.polls(), "served from the buffer");
    assertArrayEquals("cd".getBytes(UTF_8), two.array());
  }

  @Test
  void aReadAsLargeAsTheBufferGoesStraightToTheInnerStream() {
    ScriptedReader in = ScriptedReader.of(new byte[100], 100);
    BufReader r = new BufReader(in, 16);
    ByteBuffer dst = ByteBuffer.allocate(16);
    assertEquals(16, Futures.blockOn(r.read(dst)));
    assertEquals(0, r.buffered(), "nothing went through the buffer");
  }

  @Test
  void aReadIntoABufferWithNoRoomIsZeroAndAnEndedStreamIsMinusOne() {
    BufReader r = reader("", 1);
    assertEquals(0, Futures.blockOn(r.read(ByteBuffer.allocate(0))));
    assertEquals(-1, Futures.blockOn(r.read(ByteBuffer.allocate(4))));
  }

  @Test
  void aFailureOfTheInnerStreamComesOutOfReadLine() {
    ScriptedReader in = new ScriptedReader().push("abc".getBytes(UTF_8));
    IOException cause = new IOException("reset");
    in.fail(cause);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Futures.blockOn(new BufReader(in).readLine()));
    assertEquals(cause, e.getCause());
  }

  @Test
  void readLineIsAOnceFutureAndArgumentsAreChecked() {
    MockTask<Optional<String>> line = MockTask.of(reader("a\n", 10).readLine());
    line.assertReady();
    assertThrows(IllegalStateException.class, line::poll);
    assertThrows(NullPointerException.class, () -> new BufReader(null));
    assertThrows(IllegalArgumentException.class, () -> new BufReader(new ScriptedReader(), 0));
  }
}
