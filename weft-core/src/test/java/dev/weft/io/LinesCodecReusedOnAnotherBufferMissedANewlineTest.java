package dev.weft.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Regression: a {@link LinesCodec} given a new buffer after a decode that needed more bytes
 * missed the newline in it.
 *
 * <p>To decode in O(n), the codec remembers how many bytes after the position it already
 * searched for {@code '\n'} in vain, and the next decode starts searching there. That is right
 * when the next buffer holds the same unread bytes plus more, as {@link Framed} gives it. But
 * the codec applied the remembered offset to whatever buffer came next:
 * <ol>
 *   <li>{@code decode(wrap("abc"))}: no newline; the codec remembers 3 bytes searched.
 *   <li>{@code decode(wrap("x\n"))}, a different buffer: the search starts at offset 3, past the
 *       end of these 2 bytes, finds nothing, and the decode returns empty instead of "x".
 * </ol>
 * The same happened, less visibly, to a caller that copies the unread bytes into a new buffer
 * at another position. The fix: the remembered offset holds only for the buffer and position it
 * was measured on; any other buffer or position is searched from its start.
 */
class LinesCodecReusedOnAnotherBufferMissedANewlineTest {

  @Test
  void aNewBufferAfterAnIncompleteLineIsSearchedFromItsStart() {
    LinesCodec codec = new LinesCodec();
    assertEquals(Optional.empty(), codec.decode(ByteBuffer.wrap("abc".getBytes(UTF_8))));
    assertEquals(Optional.of("x"), codec.decode(ByteBuffer.wrap("x\n".getBytes(UTF_8))));
  }

  @Test
  void theSameBytesAtAnotherPositionAreSearchedAgain() {
    LinesCodec codec = new LinesCodec();
    ByteBuffer first = ByteBuffer.wrap("ab".getBytes(UTF_8));
    assertEquals(Optional.empty(), codec.decode(first));
    ByteBuffer moved = ByteBuffer.wrap("__a\nb".getBytes(UTF_8));
    moved.position(2);
    assertEquals(Optional.of("a"), codec.decode(moved), "a different buffer: searched again");
  }

  @Test
  void theSameBufferWithMoreBytesStillSkipsWhatWasSearched() {
    LinesCodec codec = new LinesCodec();
    ByteBuffer buf = ByteBuffer.allocate(16);
    buf.put("abc".getBytes(UTF_8)).flip();
    assertEquals(Optional.empty(), codec.decode(buf));
    assertEquals(3, codec.scannedAhead());
    buf.limit(5).put(3, (byte) 'd').put(4, (byte) '\n');
    assertEquals(Optional.of("abcd"), codec.decode(buf));
  }
}
