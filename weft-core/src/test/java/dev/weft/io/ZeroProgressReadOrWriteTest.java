package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncWrite#writeAll} and {@link AsyncRead#readExact} over a stream that breaks its
 * contract by making no progress: a {@code pollWrite} that is ready with 0 for a non-empty
 * source, a {@code pollRead} that is ready with 0 for a buffer with room.
 *
 * <p>Both loops used to call the stream again and again inside one poll, for ever: a poll that
 * never returns (a poll must never block), on a runtime thread. tokio's {@code write_all}
 * fails with {@code WriteZero} instead, and the rest of this package ({@link BufWriter},
 * {@link Framed}, {@link Io#copy}, {@link BufReader}) already fails with the errors of
 * {@link IoErrors} that name the stream at fault; the two defaults now do the same.
 */
class ZeroProgressReadOrWriteTest {
  /** More calls than a correct loop can make here: past it, the loop is spinning. */
  private static final int SPINNING = 1_000;

  /** A writer whose every write is ready with 0 bytes taken. */
  private static final class ZeroWriter implements AsyncWrite {
    int calls;

    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
      if (++calls > SPINNING) {
        throw new AssertionError("writeAll is spinning on a writer that takes no byte");
      }
      return Poll.ready(0);
    }

    @Override
    public Poll<Void> pollFlush(Context cx) {
      return Poll.ready(null);
    }

    @Override
    public Poll<Void> pollShutdown(Context cx) {
      return Poll.ready(null);
    }
  }

  /** A reader whose every read is ready with 0 bytes, whatever room the buffer has. */
  private static final class ZeroReader implements AsyncRead {
    int calls;

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
      if (++calls > SPINNING) {
        throw new AssertionError("readExact is spinning on a reader that gives 0 bytes");
      }
      return Poll.ready(0);
    }
  }

  @Test
  void writeAllFailsWithWriteZeroInsteadOfSpinningWhenTheWriterTakesNothing() {
    ZeroWriter w = new ZeroWriter();
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Futures.blockOn(w.writeAll(ByteBuffer.allocate(4))));
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("write zero"), e.getCause().getMessage());
    assertEquals(1, w.calls);
  }

  @Test
  void readExactFailsInsteadOfSpinningWhenTheReaderGivesZeroForABufferWithRoom() {
    ZeroReader r = new ZeroReader();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Futures.blockOn(r.readExact(ByteBuffer.allocate(4))));
    assertTrue(e.getMessage().contains("returned 0 for a buffer with room"), e.getMessage());
    assertEquals(1, r.calls);
  }

  @Test
  void anEmptyBufferIsStillDoneAtOnceWithoutCallingTheStream() {
    ZeroWriter w = new ZeroWriter();
    ZeroReader r = new ZeroReader();
    Futures.blockOn(w.writeAll(ByteBuffer.allocate(0)));
    Futures.blockOn(r.readExact(ByteBuffer.allocate(0)));
    assertEquals(0, w.calls);
    assertEquals(0, r.calls);
  }
}
