package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.MockTask;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BufWriter}: small writes buffered, large ones straight through, flush and shutdown. */
class BufWriterTest {

  private static ByteBuffer bytes(int from, int n) {
    ByteBuffer b = ByteBuffer.allocate(n);
    for (int i = 0; i < n; i++) {
      b.put((byte) (from + i));
    }
    return b.flip();
  }

  @Test
  void smallWritesStayInTheBufferUntilAFlush() {
    RecordingWriter inner = new RecordingWriter();
    BufWriter w = new BufWriter(inner, 8);
    assertEquals(3, Futures.blockOn(w.write(bytes(0, 3))));
    assertEquals(3, Futures.blockOn(w.write(bytes(3, 3))));
    assertEquals(List.of(), inner.events(), "nothing reached the inner stream");
    assertEquals(6, w.buffered());
    Futures.blockOn(w.flush());
    assertEquals(List.of("write 6", "flush"), inner.events(), "written out, then flushed");
    assertArrayEquals(bytes(0, 6).array(), inner.written());
  }

  @Test
  void aWriteThatDoesNotFitWritesTheBufferOutFirst() {
    RecordingWriter inner = new RecordingWriter();
    BufWriter w = new BufWriter(inner, 8);
    Futures.blockOn(w.write(bytes(0, 5)));
    assertEquals(5, Futures.blockOn(w.write(bytes(5, 5))));
    assertEquals(List.of("write 5"), inner.events());
    assertEquals(5, w.buffered(), "the second write went into the emptied buffer");
  }

  @Test
  void aLargeWriteGoesStraightToTheInnerStreamWhenTheBufferIsEmpty() {
    RecordingWriter inner = new RecordingWriter();
    BufWriter w = new BufWriter(inner, 8);
    assertEquals(20, Futures.blockOn(w.write(bytes(0, 20))));
    assertEquals(List.of("write 20"), inner.events());
    assertEquals(0, w.buffered());
  }

  @Test
  void aLargeWriteAfterSmallOnesKeepsTheOrder() {
    RecordingWriter inner = new RecordingWriter();
    BufWriter w = new BufWriter(inner, 8);
    Futures.blockOn(w.write(bytes(0, 2)));
    Futures.blockOn(w.writeAll(bytes(2, 30)));
    Futures.blockOn(w.flush());
    assertEquals(List.of("write 2", "write 30", "flush"), inner.events());
    assertArrayEquals(bytes(0, 32).array(), inner.written());
  }

  @Test
  void shutdownWritesTheBufferOutThenShutsTheInnerStreamDown() {
    RecordingWriter inner = new RecordingWriter();
    BufWriter w = new BufWriter(inner, 8);
    Futures.blockOn(w.write(bytes(0, 4)));
    Futures.blockOn(w.shutdown());
    assertEquals(List.of("write 4", "shutdown"), inner.events());
    assertTrue(inner.isShutDown());
  }

  @Test
  void aSlowInnerStreamMakesTheFlushWaitAndAPartialWriteOutIsResumed() {
    RecordingWriter inner = new RecordingWriter().maxPerWrite(3);
    BufWriter w = new BufWriter(inner, 8);
    Futures.blockOn(w.write(bytes(0, 7)));
    inner.block();
    MockTask<Void> flush = MockTask.of(w.flush());
    flush.assertPending();
    inner.unblock();
    assertTrue(flush.isWoken());
    flush.assertReady();
    assertEquals(List.of("write 3", "write 3", "write 1", "flush"), inner.events());
    assertArrayEquals(bytes(0, 7).array(), inner.written());
  }

  @Test
  void aWriteThatMustWaitForTheWriteOutTakesNothingUntilThen() {
    RecordingWriter inner = new RecordingWriter();
    BufWriter w = new BufWriter(inner, 4);
    Futures.blockOn(w.write(bytes(0, 3)));
    inner.block();
    ByteBuffer src = bytes(3, 3);
    MockTask<Integer> write = MockTask.of(w.write(src));
    write.assertPending();
    assertEquals(0, src.position(), "a pending write took nothing");
    inner.unblock();
    assertEquals(3, write.assertReady());
  }

  @Test
  void anEmptyWriteIsZeroAndArgumentsAreChecked() {
    BufWriter w = new BufWriter(new RecordingWriter());
    assertEquals(0, Futures.blockOn(w.write(ByteBuffer.allocate(0))));
    assertThrows(NullPointerException.class, () -> new BufWriter(null));
    assertThrows(IllegalArgumentException.class, () -> new BufWriter(new RecordingWriter(), 0));
  }
}
