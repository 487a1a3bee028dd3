package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LengthDelimitedCodec}, byte by byte: the header, every split point, the size limit. */
class LengthDelimitedCodecTest {
  private static final List<byte[]> FRAMES =
      List.of(new byte[] {1, 2, 3}, new byte[0], new byte[] {(byte) 0xFF}, new byte[300]);

  private static byte[] encoded(List<byte[]> frames) {
    WriteBuffer out = new WriteBuffer();
    LengthDelimitedCodec codec = new LengthDelimitedCodec();
    for (byte[] f : frames) {
      codec.encode(f, out);
    }
    return out.toByteArray();
  }

  private static void assertFrames(List<byte[]> expected, List<byte[]> actual, String where) {
    assertEquals(expected.size(), actual.size(), where);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), where + ", frame " + i);
    }
  }

  @Test
  void encodeWritesABigEndianLengthThenTheBytes() {
    WriteBuffer out = new WriteBuffer();
    new LengthDelimitedCodec().encode(new byte[] {7, 8, 9}, out);
    assertArrayEquals(new byte[] {0, 0, 0, 3, 7, 8, 9}, out.toByteArray());
    WriteBuffer big = new WriteBuffer();
    new LengthDelimitedCodec().encode(new byte[0x010203], big);
    assertArrayEquals(new byte[] {0, 1, 2, 3}, java.util.Arrays.copyOf(big.toByteArray(), 4));
  }

  @Test
  void everySplitPointOfTheInputGivesTheSameFrames() {
    byte[] bytes = encoded(FRAMES);
    for (int split = 0; split <= bytes.length; split++) {
      CodecFeeder<byte[]> f = new CodecFeeder<>(new LengthDelimitedCodec());
      f.feed(bytes, 0, split).feed(bytes, split, bytes.length - split);
      assertFrames(FRAMES, f.end(), "split at " + split);
    }
  }

  @Test
  void bytesFedOneAtATimeOrInRandomChunksGiveTheSameFrames() {
    byte[] bytes = encoded(FRAMES);
    assertFrames(FRAMES,
        new CodecFeeder<>(new LengthDelimitedCodec()).feedByteByByte(bytes).end(), "one at a time");
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      CodecFeeder<byte[]> f = new CodecFeeder<>(new LengthDelimitedCodec());
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(bytes.length - at, 1 + random.nextInt(40));
        f.feed(bytes, at, n);
        at += n;
      }
      assertFrames(FRAMES, f.end(), "round " + round);
    }
  }

  @Test
  void aFrameOfExactlyTheLimitIsAccepted() {
    byte[] frame = new byte[100];
    new Random(3).nextBytes(frame);
    CodecFeeder<byte[]> f = new CodecFeeder<>(new LengthDelimitedCodec(100));
    assertFrames(List.of(frame), f.feed(encoded(List.of(frame))).end(), "100 of 100");
  }

  @Test
  void aHeaderAnnouncingMoreThanTheLimitIsCorruptBeforeAnyOfTheBodyIsRead() {
    LengthDelimitedCodec codec = new LengthDelimitedCodec(100);
    ByteBuffer header = ByteBuffer.wrap(new byte[] {0, 0, 0, 101});
    CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> codec.decode(header));
    assertTrue(e.getMessage().contains("101"), e.getMessage());
    assertEquals(0, header.position(), "the bad header stays unread");
    assertThrows(CorruptFrameException.class, () -> codec.decode(header), "and throws again");
  }

  @Test
  void aNegativeLengthIsCorrupt() {
    ByteBuffer header = ByteBuffer.wrap(new byte[] {(byte) 0x80, 0, 0, 0});
    assertThrows(CorruptFrameException.class, () -> new LengthDelimitedCodec().decode(header));
  }

  @Test
  void theDefaultLimitIs8MiB() {
    assertEquals(8 * 1024 * 1024, new LengthDelimitedCodec().maxFrameLength());
    ByteBuffer exactly = ByteBuffer.allocate(4).putInt(8 * 1024 * 1024).flip();
    assertEquals(Optional.empty(), new LengthDelimitedCodec().decode(exactly),
        "8 MiB announced: waits for the body");
    ByteBuffer more = ByteBuffer.allocate(4).putInt(8 * 1024 * 1024 + 1).flip();
    assertThrows(CorruptFrameException.class, () -> new LengthDelimitedCodec().decode(more));
  }

  @Test
  void theBufferByteOrderDoesNotMatter() {
    ByteBuffer src = ByteBuffer.wrap(new byte[] {0, 0, 0, 2, 5, 6}).order(ByteOrder.LITTLE_ENDIAN);
    assertArrayEquals(new byte[] {5, 6}, new LengthDelimitedCodec().decode(src).orElseThrow());
  }

  @Test
  void decodeLeavesThePositionWhereItWasWhileAFrameIsIncomplete() {
    ByteBuffer src = ByteBuffer.wrap(new byte[] {0, 0, 0, 5, 1, 2});
    assertEquals(Optional.empty(), new LengthDelimitedCodec().decode(src));
    assertEquals(0, src.position());
  }

  @Test
  void theEndOfTheStreamInsideAFrameIsCorrupt() {
    ByteBuffer src = ByteBuffer.wrap(new byte[] {0, 0, 0, 5, 1, 2});
    CorruptFrameException e = assertThrows(CorruptFrameException.class,
        () -> new LengthDelimitedCodec().decodeEof(src));
    assertTrue(e.getMessage().contains("6 bytes"), e.getMessage());
    assertEquals(Optional.empty(), new LengthDelimitedCodec().decodeEof(ByteBuffer.allocate(0)));
  }

  @Test
  void encodingAFrameLargerThanTheLimitIsRejectedAndWritesNothing() {
    WriteBuffer out = new WriteBuffer();
    assertThrows(IllegalArgumentException.class,
        () -> new LengthDelimitedCodec(2).encode(new byte[3], out));
    assertEquals(0, out.size());
    assertThrows(NullPointerException.class, () -> new LengthDelimitedCodec().encode(null, out));
  }

  @Test
  void aLimitBelowOneIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LengthDelimitedCodec(0));
  }

  @Test
  void theDefaultDecodeEofDecodesWhatIsLeftThenEnds() {
    Decoder<Byte> oneByte = src -> src.hasRemaining() ? Optional.of(src.get()) : Optional.empty();
    ByteBuffer src = ByteBuffer.wrap(new byte[] {4});
    assertEquals(Optional.of((byte) 4), oneByte.decodeEof(src));
    assertEquals(Optional.empty(), oneByte.decodeEof(src));
    Decoder<Byte> pairs = src2 -> src2.remaining() >= 2
        ? Optional.of((byte) (src2.get() + src2.get())) : Optional.empty();
    ByteBuffer odd = ByteBuffer.wrap(new byte[] {1});
    CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> pairs.decodeEof(odd));
    assertSame(CorruptFrameException.class, e.getClass());
  }
}
