package dev.weft.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** {@link WriteBuffer}: each put, growth, and the package-private side that Framed writes from. */
class WriteBufferTest {

  @Test
  void putsAppendInOrderAndSizeCountsThem() {
    WriteBuffer b = new WriteBuffer(1);
    assertSame(b, b.put((byte) 1).put(new byte[] {2, 3}).put(new byte[] {9, 4, 5, 9}, 1, 2));
    b.put(ByteBuffer.wrap(new byte[] {6}));
    assertEquals(6, b.size());
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, b.toByteArray());
  }

  @Test
  void toByteArrayIsACopy() {
    WriteBuffer b = new WriteBuffer().put((byte) 1);
    byte[] copy = b.toByteArray();
    copy[0] = 42;
    assertArrayEquals(new byte[] {1}, b.toByteArray());
    assertNotSame(b.toByteArray(), b.toByteArray());
  }

  @Test
  void putIntIsBigEndian() {
    byte[] expected = {0x12, 0x34, 0x56, 0x78, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE};
    assertArrayEquals(expected,
        new WriteBuffer().putInt(0x12345678).putInt(-2).toByteArray());
  }

  @Test
  void putByteBufferConsumesTheSource() {
    ByteBuffer src = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
    src.position(1);
    WriteBuffer b = new WriteBuffer().put(src);
    assertEquals(4, src.position());
    assertArrayEquals(new byte[] {2, 3, 4}, b.toByteArray());
    ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) 7).put((byte) 8).flip();
    assertArrayEquals(new byte[] {2, 3, 4, 7, 8}, b.put(direct).toByteArray());
    assertEquals(0, direct.remaining());
  }

  @Test
  void putUtf8EncodesAsStringGetBytes() {
    String s = "a\u00e9\u20ac\uD83D\uDE00z";
    assertArrayEquals(s.getBytes(UTF_8), new WriteBuffer(1).putUtf8(s).toByteArray());
    assertArrayEquals("x".getBytes(UTF_8),
        new WriteBuffer().putUtf8(new StringBuilder("x")).toByteArray());
  }

  @Test
  void aLoneSurrogateIsWrittenAsAQuestionMarkAsStringGetBytesDoes() {
    for (String s : new String[] {"\uD83D", "a\uDE00b", "\uD83Dx", "\uDE00\uD83D"}) {
      assertArrayEquals(s.getBytes(UTF_8), new WriteBuffer().putUtf8(s).toByteArray(), s);
    }
  }

  @Test
  void outOfRangeArgumentsAreRejected() {
    WriteBuffer b = new WriteBuffer();
    assertThrows(IndexOutOfBoundsException.class, () -> b.put(new byte[2], 1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> b.put(new byte[2], -1, 1));
    assertThrows(NullPointerException.class, () -> b.put((byte[]) null));
    assertThrows(IllegalArgumentException.class, () -> new WriteBuffer(0));
    assertEquals(0, b.size(), "a rejected put wrote nothing");
  }

  @Test
  void bytesWrittenOutFromTheFrontAreGoneAndTheSpaceIsReused() {
    WriteBuffer b = new WriteBuffer(8);
    b.put(new byte[] {1, 2, 3, 4, 5, 6});
    ByteBuffer view = b.unwritten();
    view.position(view.position() + 4); // a write took 4 bytes
    b.consumedTo(view.position());
    assertEquals(2, b.size());
    assertArrayEquals(new byte[] {5, 6}, b.toByteArray());
    b.put(new byte[] {7, 8, 9, 10, 11});
    assertEquals(8, b.capacity(), "the held bytes moved to the front instead of growing");
    assertArrayEquals(new byte[] {5, 6, 7, 8, 9, 10, 11}, b.toByteArray());
    ByteBuffer all = b.unwritten();
    all.position(all.limit());
    b.consumedTo(all.position());
    assertEquals(0, b.size());
  }

  @Test
  void truncateDropsWhatWasAppendedAfterAGivenSize() {
    WriteBuffer b = new WriteBuffer(4).put(new byte[] {1, 2});
    b.consumedTo(b.unwritten().position() + 1);
    b.put(new byte[] {3, 4, 5});
    b.truncate(2);
    assertArrayEquals(new byte[] {2, 3}, b.toByteArray());
  }
}
