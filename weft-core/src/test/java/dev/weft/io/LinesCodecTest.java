package dev.weft.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LinesCodec}, byte by byte: terminators, every split point, the length limit, the end. */
class LinesCodecTest {
  private static final String TEXT = "first\nsecond\r\n\r\nh\u00e9 \u20ac \uD83D\uDE00\nlast";
  private static final List<String> LINES =
      List.of("first", "second", "", "h\u00e9 \u20ac \uD83D\uDE00", "last");

  @Test
  void decodesLinesEndedByNewlineOrCrLfAndTheLastLineAtTheEnd() {
    CodecFeeder<String> f = new CodecFeeder<>(new LinesCodec()).feed(TEXT.getBytes(UTF_8));
    assertEquals(LINES.subList(0, 4), f.frames(), "a line without terminator waits for the end");
    assertEquals(LINES, f.end());
  }

  @Test
  void everySplitPointOfTheInputGivesTheSameLines() {
    byte[] bytes = TEXT.getBytes(UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      CodecFeeder<String> f = new CodecFeeder<>(new LinesCodec());
      f.feed(bytes, 0, split).feed(bytes, split, bytes.length - split);
      assertEquals(LINES, f.end(), "split at " + split);
    }
  }

  @Test
  void bytesFedOneAtATimeGiveTheSameLines() {
    assertEquals(LINES,
        new CodecFeeder<>(new LinesCodec()).feedByteByByte(TEXT.getBytes(UTF_8)).end());
  }

  @Test
  void randomChunksGiveTheSameLines() {
    byte[] bytes = TEXT.repeat(50).getBytes(UTF_8);
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      CodecFeeder<String> f = new CodecFeeder<>(new LinesCodec());
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(bytes.length - at, 1 + random.nextInt(20));
        f.feed(bytes, at, n);
        at += n;
      }
      List<String> lines = f.end();
      assertEquals(LINES.size() * 50 - 49, lines.size(), "the last line joins the next first");
      assertEquals("lastfirst", lines.get(4));
    }
  }

  @Test
  void aLineOfExactlyMaxLengthIsAcceptedWithEitherTerminator() {
    assertEquals(List.of("12345", "abcde"),
        new CodecFeeder<>(new LinesCodec(5)).feed("12345\nabcde\r\n".getBytes(UTF_8)).end());
    assertEquals(List.of("12345"),
        new CodecFeeder<>(new LinesCodec(5)).feedByteByByte("12345\r\n".getBytes(UTF_8)).end());
  }

  @Test
  void aLineLongerThanMaxLengthIsCorrupt() {
    LinesCodec codec = new LinesCodec(5);
    CorruptFrameException e = assertThrows(CorruptFrameException.class,
        () -> codec.decode(ByteBuffer.wrap("123456\n".getBytes(UTF_8))));
    assertTrue(e.getMessage().contains("5 bytes"), e.getMessage());
    assertThrows(CorruptFrameException.class,
        () -> new LinesCodec(5).decode(ByteBuffer.wrap("123456\r\n".getBytes(UTF_8))));
  }

  @Test
  void aTooLongLineIsFoundWithoutWaitingForItsNewlineOrBufferingPastTheLimit() {
    LinesCodec codec = new LinesCodec(8);
    CodecFeeder<String> f = new CodecFeeder<>(codec);
    byte[] endless = "123456789".getBytes(UTF_8);
    for (int i = 0; i < 8; i++) {
      f.feed(endless, i, 1);
    }
    assertEquals(8, f.buffered());
    assertThrows(CorruptFrameException.class, () -> f.feed(endless, 8, 1),
        "the 9th byte without a newline shows the line is too long");
    assertTrue(f.mostBuffered() <= 8 + 2);
  }

  @Test
  void aCarriageReturnRightAfterMaxLengthBytesWaitsForTheNextByte() {
    CodecFeeder<String> f = new CodecFeeder<>(new LinesCodec(4));
    f.feed("abcd\r".getBytes(UTF_8));
    assertEquals(5, f.buffered(), "the \\r may be the start of a \\r\\n terminator");
    f.feed("\n".getBytes(UTF_8));
    assertEquals(List.of("abcd"), f.frames());

    CodecFeeder<String> g = new CodecFeeder<>(new LinesCodec(4));
    g.feed("abcd\r".getBytes(UTF_8));
    assertThrows(CorruptFrameException.class, () -> g.feed("x".getBytes(UTF_8)));
  }

  @Test
  void afterACorruptLineTheDecoderSkipsItsRestAndGoesOnWithTheNextLine() {
    LinesCodec codec = new LinesCodec(4);
    ByteBuffer src = ByteBuffer.wrap("far too long\nok\n".getBytes(UTF_8));
    assertThrows(CorruptFrameException.class, () -> codec.decode(src));
    assertEquals(Optional.of("ok"), codec.decode(src));
    assertEquals(Optional.empty(), codec.decode(src));
  }

  @Test
  void theSkippedRestOfALongLineIsNotBufferedEither() {
    LinesCodec codec = new LinesCodec(4);
    CodecFeeder<String> f = new CodecFeeder<>(codec);
    assertThrows(CorruptFrameException.class, () -> f.feed("123456".getBytes(UTF_8)));
    f.feed("7890".repeat(1000).getBytes(UTF_8));
    assertEquals(0, f.buffered(), "the rest of the long line is dropped as it comes");
    f.feed("\nnext\n".getBytes(UTF_8));
    assertEquals(List.of("next"), f.frames());
  }

  @Test
  void eachByteIsSearchedOnceWhileALineArrives() {
    LinesCodec codec = new LinesCodec();
    CodecFeeder<String> f = new CodecFeeder<>(codec, 100_000); // one buffer throughout
    byte[] line = "x".repeat(60_000).getBytes(UTF_8);
    for (int i = 0; i < line.length; i++) {
      f.feed(line, i, 1);
      assertEquals(i + 1, codec.scannedAhead(), "the decoder remembers how far it looked");
    }
    f.feed(new byte[] {'\n'});
    assertEquals(1, f.frames().size());
    assertEquals(0, codec.scannedAhead(), "a new line starts from its first byte");
  }

  @Test
  void theDefaultLimitIs65536Bytes() {
    assertEquals(65_536, new LinesCodec().maxLength());
    String longest = "y".repeat(65_536);
    assertEquals(Optional.of(longest),
        new LinesCodec().decode(ByteBuffer.wrap((longest + "\n").getBytes(UTF_8))));
    assertThrows(CorruptFrameException.class,
        () -> new LinesCodec().decode(ByteBuffer.wrap((longest + "y\n").getBytes(UTF_8))));
  }

  @Test
  void decodeEofReturnsTheLastLineWithoutTerminator() {
    LinesCodec codec = new LinesCodec();
    ByteBuffer src = ByteBuffer.wrap("a\nb".getBytes(UTF_8));
    assertEquals(Optional.of("a"), codec.decodeEof(src));
    assertEquals(Optional.of("b"), codec.decodeEof(src));
    assertEquals(Optional.empty(), codec.decodeEof(src));
    assertEquals(Optional.of("c\r"),
        new LinesCodec().decodeEof(ByteBuffer.wrap("c\r".getBytes(UTF_8))),
        "a \\r alone is not a terminator");
  }

  @Test
  void decodeEofRejectsALastLineLongerThanMaxLength() {
    assertThrows(CorruptFrameException.class,
        () -> new LinesCodec(3).decodeEof(ByteBuffer.wrap("abc\r".getBytes(UTF_8))));
    assertEquals(Optional.of("abc"),
        new LinesCodec(3).decodeEof(ByteBuffer.wrap("abc".getBytes(UTF_8))));
  }

  @Test
  void decodeLeavesThePositionWhereItWasWhileALineIsIncomplete() {
    ByteBuffer src = ByteBuffer.wrap("abc".getBytes(UTF_8));
    assertEquals(Optional.empty(), new LinesCodec().decode(src));
    assertEquals(0, src.position());
  }

  @Test
  void malformedUtf8BecomesTheReplacementCharacter() {
    byte[] bytes = {'a', (byte) 0xC3, '\n'};
    assertEquals(Optional.of("a\uFFFD"), new LinesCodec().decode(ByteBuffer.wrap(bytes)));
  }

  @Test
  void aDirectBufferDecodesAsAHeapOne() {
    ByteBuffer src = ByteBuffer.allocateDirect(32);
    src.put("h\u00e9\r\nz".getBytes(UTF_8)).flip();
    LinesCodec codec = new LinesCodec();
    assertEquals(Optional.of("h\u00e9"), codec.decode(src));
    assertEquals(Optional.of("z"), codec.decodeEof(src));
  }

  @Test
  void encodeWritesTheLineInUtf8AndANewline() {
    WriteBuffer out = new WriteBuffer();
    new LinesCodec().encode("h\u00e9", out);
    assertArrayEquals("h\u00e9\n".getBytes(UTF_8), out.toByteArray());
    assertThrows(NullPointerException.class, () -> new LinesCodec().encode(null, out));
  }

  @Test
  void aLimitBelowOneIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LinesCodec(0));
    assertThrows(IllegalArgumentException.class, () -> new LinesCodec(-1));
  }
}
