package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** {@link Io#duplex}, polled by hand: each rule of {@link DuplexStream}. */
class DuplexStreamTest {

  private static ByteBuffer bytes(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length);
    for (int v : values) {
      b.put((byte) v);
    }
    return b.flip();
  }

  private static byte[] read(DuplexStream s, int max) {
    ByteBuffer dst = ByteBuffer.allocate(max);
    int n = Futures.blockOn(s.read(dst));
    assertTrue(n > 0, "read " + n);
    return java.util.Arrays.copyOf(dst.array(), n);
  }

  @Test
  void whatOneEndWritesTheOtherReadsInBothDirections() {
    Io.Duplex d = Io.duplex(16);
    assertEquals(3, Futures.blockOn(d.client().write(bytes(1, 2, 3))));
    assertEquals(2, Futures.blockOn(d.server().write(bytes(9, 8))));
    assertArrayEquals(new byte[] {1, 2, 3}, read(d.server(), 10));
    assertArrayEquals(new byte[] {9, 8}, read(d.client(), 10));
  }

  @Test
  void aReadWithNothingWrittenIsPendingAndTheWriteWakesIt() {
    Io.Duplex d = Io.duplex(16);
    ByteBuffer dst = ByteBuffer.allocate(4);
    MockTask<Integer> reader = MockTask.of(d.server().read(dst));
    reader.assertPending();
    Futures.blockOn(d.client().write(bytes(5)));
    assertTrue(reader.isWoken());
    assertEquals(1, reader.assertReady());
    assertEquals(5, dst.get(0));
  }

  @Test
  void aWriterThatOutrunsItsReaderWaitsUntilTheReaderMakesRoom() {
    Io.Duplex d = Io.duplex(4);
    ByteBuffer src = bytes(1, 2, 3, 4, 5, 6);
    MockTask<Void> writer = MockTask.of(d.client().writeAll(src));
    writer.assertPending();
    assertEquals(4, src.position(), "took what fits");
    assertFalse(writer.isWoken());
    assertArrayEquals(new byte[] {1, 2}, read(d.server(), 2));
    assertTrue(writer.isWoken(), "the read made room");
    writer.assertReady();
    assertArrayEquals(new byte[] {3, 4, 5, 6}, read(d.server(), 10));
  }

  @Test
  void memoryStaysWithinTheCapacityWhateverIsWritten() {
    Io.Duplex d = Io.duplex(10_000);
    ByteBuffer big = ByteBuffer.allocate(1_000_000);
    MockTask<Void> writer = MockTask.of(d.client().writeAll(big));
    writer.assertPending();
    assertEquals(10_000, big.position());
    assertEquals(10_000, d.client().allocatedBytes(), "one direction, at its capacity");
    assertEquals(0, Io.duplex(1 << 30).client().allocatedBytes(), "nothing before the first write");
  }

  @Test
  void bytesWrapAroundTheRingInOrder() {
    Io.Duplex d = Io.duplex(5);
    byte[] got = new byte[0];
    int next = 0;
    for (int round = 0; round < 20; round++) {
      ByteBuffer src = ByteBuffer.allocate(3);
      for (int i = 0; i < 3; i++) {
        src.put((byte) next++);
      }
      Futures.blockOn(d.client().writeAll(src.flip()));
      byte[] r = read(d.server(), 3);
      byte[] all = java.util.Arrays.copyOf(got, got.length + r.length);
      System.arraycopy(r, 0, all, got.length, r.length);
      got = all;
    }
    while (got.length < 60) {
      byte[] r = read(d.server(), 60);
      byte[] all = java.util.Arrays.copyOf(got, got.length + r.length);
      System.arraycopy(r, 0, all, got.length, r.length);
      got = all;
    }
    for (int i = 0; i < 60; i++) {
      assertEquals((byte) i, got[i]);
    }
  }

  @Test
  void shutdownGivesTheOtherEndWhatWasWrittenThenEndOfStream() {
    Io.Duplex d = Io.duplex(16);
    Futures.blockOn(d.client().write(bytes(1, 2)));
    ByteBuffer dst = ByteBuffer.allocate(8);
    MockTask<Integer> pending = MockTask.of(d.server().read(ByteBuffer.allocate(8)));
    Futures.blockOn(d.client().shutdown());
    assertEquals(2, Futures.blockOn(d.server().read(dst)));
    assertEquals(-1, Futures.blockOn(d.server().read(dst)));
    assertEquals(-1, Futures.blockOn(d.server().read(dst)), "and again");
    assertEquals(-1, pending.assertReady());
  }

  @Test
  void shutdownWakesAPendingRead() {
    Io.Duplex d = Io.duplex(16);
    MockTask<Integer> reader = MockTask.of(d.server().read(ByteBuffer.allocate(8)));
    reader.assertPending();
    Futures.blockOn(d.client().shutdown());
    assertTrue(reader.isWoken());
    assertEquals(-1, reader.assertReady());
  }

  @Test
  void afterItsShutdownAnEndStillReadsButItsWritesFail() {
    Io.Duplex d = Io.duplex(16);
    Futures.blockOn(d.client().shutdown());
    Futures.blockOn(d.client().shutdown()); // idempotent
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Futures.blockOn(d.client().write(bytes(1))));
    assertInstanceOf(IOException.class, e.getCause());
    Futures.blockOn(d.server().write(bytes(7)));
    assertArrayEquals(new byte[] {7}, read(d.client(), 4), "the other direction still works");
    Futures.blockOn(d.client().flush());
  }

  @Test
  void closingAnEndGivesTheOtherEndEndOfStreamAfterWhatWasWritten() {
    Io.Duplex d = Io.duplex(16);
    Futures.blockOn(d.client().write(bytes(1, 2)));
    d.client().close();
    ByteBuffer dst = ByteBuffer.allocate(8);
    assertEquals(2, Futures.blockOn(d.server().read(dst)));
    assertEquals(-1, Futures.blockOn(d.server().read(dst)));
  }

  @Test
  void closingAnEndMakesTheOtherEndsWritesFailWithABrokenPipe() {
    Io.Duplex d = Io.duplex(16);
    d.client().close();
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Futures.blockOn(d.server().write(bytes(1))));
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("broken pipe"), e.getCause().getMessage());
  }

  @Test
  void closingAnEndWakesTheOtherEndsPendingReadAndWrite() {
    Io.Duplex d = Io.duplex(1);
    MockTask<Integer> reader = MockTask.of(d.server().read(ByteBuffer.allocate(8)));
    reader.assertPending();
    Futures.blockOn(d.server().write(bytes(1)));
    MockTask<Integer> writer = MockTask.of(d.server().write(bytes(2)));
    writer.assertPending();
    d.client().close();
    assertTrue(reader.isWoken());
    assertTrue(writer.isWoken());
    assertEquals(-1, reader.assertReady());
    assertInstanceOf(UncheckedIOException.class, writer.assertFails());
  }

  @Test
  void closingAnEndWakesItsOwnPendingReadAndWriteWhichFailWithClosedChannelException() {
    // The rule: ClosedChannelException for a read or write on a closed stream,
    // "including one pending when it was closed". A reader task and a writer task share an end;
    // one of them (or a third) closes it: both must be woken, or they wait forever.
    Io.Duplex d = Io.duplex(1);
    DuplexStream c = d.client();
    Futures.blockOn(c.write(bytes(1))); // the client->server direction is now full
    MockTask<Integer> reader = MockTask.of(c.read(ByteBuffer.allocate(8)));
    reader.assertPending();
    MockTask<Integer> writer = MockTask.of(c.write(bytes(2)));
    writer.assertPending();
    c.close();
    assertTrue(reader.isWoken(), "the pending read on the closed end was not woken");
    assertTrue(writer.isWoken(), "the pending write on the closed end was not woken");
    assertInstanceOf(ClosedChannelException.class, reader.assertFails().getCause());
    assertInstanceOf(ClosedChannelException.class, writer.assertFails().getCause());
  }

  @Test
  void aReadThatRacesWithTheCloseOfItsEndFailsInsteadOfWaitingForever() {
    // DuplexStream.pollRead checks `closed`, then polls the pipe. A close() by another task
    // between the two (it wakes nobody: no waker is stored yet) left the read to store its
    // waker on a pipe nobody will ever touch again: a lost wake-up. This replays that
    // interleaving on the pipe: its reading end is closed, then the read reaches it.
    Pipe pipe = new Pipe(16);
    pipe.closeRead();
    MockTask<Integer> read = MockTask.of(dev.weft.future.Futures.pollFn(
        cx -> pipe.pollRead(cx, ByteBuffer.allocate(4))));
    UncheckedIOException e = assertInstanceOf(UncheckedIOException.class, read.assertFails());
    assertInstanceOf(ClosedChannelException.class, e.getCause());
  }

  @Test
  void aClosedEndFailsEveryOperationWithClosedChannelException() {
    Io.Duplex d = Io.duplex(16);
    DuplexStream c = d.client();
    c.close();
    c.close(); // idempotent
    for (Runnable op : new Runnable[] {
        () -> Futures.blockOn(c.read(ByteBuffer.allocate(1))),
        () -> Futures.blockOn(c.write(bytes(1))),
        () -> Futures.blockOn(c.flush()),
        () -> Futures.blockOn(c.shutdown())}) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, op::run);
      assertInstanceOf(ClosedChannelException.class, e.getCause());
    }
  }

  @Test
  void aReadIntoABufferWithNoRoomIsZeroAtOnce() {
    Io.Duplex d = Io.duplex(16);
    assertEquals(0, MockTask.of(d.server().read(ByteBuffer.allocate(0))).assertReady());
    assertEquals(0, MockTask.of(d.server().write(ByteBuffer.allocate(0))).assertReady());
  }

  @Test
  void readExactFailsWithEofExceptionWhenTheOtherEndShutsDownFirst() {
    Io.Duplex d = Io.duplex(16);
    Futures.blockOn(d.client().write(bytes(1, 2)));
    Futures.blockOn(d.client().shutdown());
    ByteBuffer dst = ByteBuffer.allocate(4);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Futures.blockOn(d.server().readExact(dst)));
    assertInstanceOf(java.io.EOFException.class, e.getCause());
    assertEquals(2, dst.position(), "the bytes that came are in the buffer");
  }

  @Test
  void aCancelledPendingReadOrWriteTookNothing() {
    Io.Duplex d = Io.duplex(2);
    Futures.blockOn(d.client().write(bytes(1, 2)));
    ByteBuffer src = bytes(3);
    MockTask<Integer> write = MockTask.of(d.client().write(src));
    write.assertPending();
    write.cancel();
    assertEquals(0, src.position());
    MockTask<Integer> read = MockTask.of(d.client().read(ByteBuffer.allocate(4)));
    read.assertPending();
    read.cancel();
    Futures.blockOn(d.server().write(bytes(9)));
    assertArrayEquals(new byte[] {9}, read(d.client(), 4), "the next read gets the byte");
    assertArrayEquals(new byte[] {1, 2}, read(d.server(), 4));
  }

  @Test
  void aCapacityBelowOneIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Io.duplex(0));
  }
}
