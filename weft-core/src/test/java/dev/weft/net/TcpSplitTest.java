package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.assertIoFailure;
import static dev.weft.net.NetTesting.connectPair;
import static dev.weft.net.NetTesting.pattern;
import static dev.weft.net.NetTesting.remaining;
import static dev.weft.net.NetTesting.run;
import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.MockTask;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules of {@link TcpStream#split()} and its halves. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpSplitTest {

  /** The halves go to two tasks: one echoes what the other reads, at once. */
  @ParameterizedTest
  @EnumSource
  void theHalvesAreUsedFromTwoTasksAtOnce(NetFlavour flavour) {
    int size = 4 << 20;
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream echo = pair.second()) {
          TcpStream.Halves halves = pair.first().split();
          JoinHandle<Void> writer = Task.spawn(async(() -> {
            try (TcpStream.WriteHalf w = halves.writer()) {
              w.writeAll(pattern(size, 9)).await();
            }
            return null;
          }));
          JoinHandle<Long> reader = Task.spawn(async(() -> {
            try (TcpStream.ReadHalf r = halves.reader()) {
              CRC32 crc = new CRC32();
              ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
              for (int n; (n = r.read(buf.clear()).await()) >= 0; ) {
                crc.update(buf.flip());
              }
              return crc.getValue();
            }
          }));
          ByteBuffer buf = ByteBuffer.allocate(16 * 1024); // the peer echoes all it reads
          for (int n; (n = echo.read(buf.clear()).await()) >= 0; ) {
            echo.writeAll(buf.flip()).await();
          }
          echo.shutdown().await();
          writer.await();
          CRC32 expected = new CRC32();
          expected.update(pattern(size, 9));
          assertEquals(expected.getValue(), reader.await());
        }
        return null;
      });
    }
  }

  /** Closing the write half sends FIN; the read half still reads. */
  @ParameterizedTest
  @EnumSource
  void closingTheWriteHalfSendsEndOfStreamAndTheReadHalfGoesOn(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream peer = pair.second()) {
          TcpStream.Halves halves = pair.first().split();
          halves.writer().writeAll(pattern(3, 1)).await();
          halves.writer().close();
          halves.writer().close(); // idempotent
          ByteBuffer got = ByteBuffer.allocate(3);
          peer.readExact(got).await();
          assertArrayEquals(remaining(pattern(3, 1)), got.array());
          assertEquals(-1, peer.read(ByteBuffer.allocate(1)).await());
          assertIoFailure(ClosedChannelException.class,
              () -> halves.writer().write(pattern(1, 0)).await());

          peer.writeAll(pattern(4, 2)).await();
          ByteBuffer back = ByteBuffer.allocate(4);
          halves.reader().readExact(back).await();
          assertArrayEquals(remaining(pattern(4, 2)), back.array());
          halves.reader().close();
        }
        return null;
      });
    }
  }

  /** Closing the read half fails later reads on it; the write half and the peer go on. */
  @ParameterizedTest
  @EnumSource
  void closingTheReadHalfFailsLaterReadsOnIt(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream peer = pair.second()) {
          TcpStream.Halves halves = pair.first().split();
          halves.reader().close();
          halves.reader().close(); // idempotent
          assertIoFailure(ClosedChannelException.class,
              () -> halves.reader().read(ByteBuffer.allocate(1)).await());
          assertIoFailure(ClosedChannelException.class,
              () -> halves.reader().readExact(ByteBuffer.allocate(1)).await());
          halves.writer().writeAll(pattern(6, 3)).await();
          ByteBuffer got = ByteBuffer.allocate(6);
          peer.readExact(got).await();
          assertArrayEquals(remaining(pattern(6, 3)), got.array());
          halves.writer().close();
          assertEquals(-1, peer.read(ByteBuffer.allocate(1)).await());
        }
        return null;
      });
    }
  }

  /** The socket closes when both halves are closed, in either order. */
  @ParameterizedTest
  @EnumSource
  void theSocketClosesWhenBothHalvesAreClosed(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        for (boolean readerFirst : new boolean[] {true, false}) {
          Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
          TcpStream stream = pair.first();
          try (TcpStream peer = pair.second()) {
            TcpStream.Halves halves = stream.split();
            (readerFirst ? halves.reader() : halves.writer()).close();
            assertTrue(stream.toString().contains("->"), stream.toString());
            assertFalse(isClosed(stream), "closed with one half still open");
            (readerFirst ? halves.writer() : halves.reader()).close();
            assertTrue(isClosed(stream), "both halves closed, the socket is still open");
            assertEquals(-1, peer.read(ByteBuffer.allocate(1)).await());
          }
        }
        return null;
      });
    }
  }

  private static boolean isClosed(TcpStream s) {
    return s.toString().endsWith(", closed]");
  }

  /** After split() only the addresses still work on the stream itself. */
  @ParameterizedTest
  @EnumSource
  void theStreamItselfRefusesEverythingButItsAddressesAfterSplit(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        TcpStream s = pair.first();
        InetSocketAddress local = s.localAddress();
        InetSocketAddress peerAddress = s.peerAddress();
        try (TcpStream peer = pair.second()) {
          TcpStream.Halves halves = s.split();
          assertEquals(local, s.localAddress());
          assertEquals(peerAddress, s.peerAddress());
          assertThrows(IllegalStateException.class, s::split);
          assertThrows(IllegalStateException.class, s::close);
          assertThrows(IllegalStateException.class, s::noDelay);
          assertThrows(IllegalStateException.class, () -> s.setNoDelay(false));
          assertThrows(IllegalStateException.class, () -> s.read(ByteBuffer.allocate(1)).await());
          assertThrows(IllegalStateException.class,
              () -> s.readExact(ByteBuffer.allocate(1)).await());
          assertThrows(IllegalStateException.class, () -> s.write(pattern(1, 0)).await());
          assertThrows(IllegalStateException.class, () -> s.writeAll(pattern(1, 0)).await());
          assertThrows(IllegalStateException.class, () -> s.flush().await());
          assertThrows(IllegalStateException.class, () -> s.shutdown().await());
          // The halves work.
          halves.writer().writeAll(pattern(2, 0)).await();
          ByteBuffer got = ByteBuffer.allocate(2);
          peer.readExact(got).await();
          peer.writeAll(pattern(2, 1)).await();
          halves.reader().readExact(ByteBuffer.allocate(2)).await();
          halves.reader().close();
          halves.writer().close();
        }
        return null;
      });
    }
  }

  /** Each half allows one pending operation; the two halves' operations go on at once. */
  @ParameterizedTest
  @EnumSource
  void eachHalfAllowsOnePendingOperation(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream peer = pair.second()) {
          TcpStream.Halves halves = pair.first().split();
          MockTask<Integer> read = MockTask.of(halves.reader().read(ByteBuffer.allocate(4)));
          read.assertPending();
          assertThrows(IllegalStateException.class,
              () -> MockTask.of(halves.reader().read(ByteBuffer.allocate(4))).poll());
          assertEquals(4, MockTask.of(halves.writer().write(pattern(4, 0))).assertReady());
          read.cancel();
          peer.readExact(ByteBuffer.allocate(4)).await();
          Futures.join(halves.writer().writeAll(pattern(1, 0)),
              peer.readExact(ByteBuffer.allocate(1))).await();
          halves.reader().close();
          halves.writer().close();
        }
        return null;
      });
    }
  }
}
