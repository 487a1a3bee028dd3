package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.assertIoFailure;
import static dev.weft.net.NetTesting.connectPair;
import static dev.weft.net.NetTesting.eventuallyAsync;
import static dev.weft.net.NetTesting.openFileDescriptors;
import static dev.weft.net.NetTesting.pattern;
import static dev.weft.net.NetTesting.remaining;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Tuple2;
import dev.weft.net.NetTesting.Watched;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.MockTask;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules of {@link TcpStream}: connect, read, write, half-close, options, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpStreamTest {

  @ParameterizedTest
  @EnumSource
  void aRefusedConnectFailsWithConnectExceptionAtTheAwait(NetFlavour flavour) {
    InetSocketAddress nobodyListens;
    try (TcpListener l = TcpListener.bind(anyLoopbackPort())) {
      nobodyListens = l.localAddress();
    }
    try (AsyncRuntime rt = flavour.build()) {
      var connect = TcpStream.connect(nobodyListens); // the call itself does nothing yet
      assertIoFailure(ConnectException.class, () -> run(rt, () -> connect.await()));
    }
  }

  /** A name to resolve is looked up on the blocking pool: a lookup may block. */
  @ParameterizedTest
  @EnumSource
  void aConnectToAnUnresolvedNameResolvesItOnTheBlockingPool(NetFlavour flavour)
      throws Exception {
    // Listen where the name resolves to ("localhost" may be ::1 or 127.0.0.1).
    InetAddress localhost = InetAddress.getByName("localhost");
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(new InetSocketAddress(localhost, 0))) {
      InetSocketAddress byName =
          InetSocketAddress.createUnresolved("localhost", listener.localAddress().getPort());
      assertEquals(0, rt.metrics().blockingThreads());
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair =
            Futures.join(TcpStream.connect(byName), listener.accept()).await();
        try (TcpStream c = pair.first(); TcpStream s = pair.second()) {
          assertEquals(c.localAddress(), s.peerAddress());
        }
        return null;
      });
      assertTrue(rt.metrics().blockingThreads() >= 1, "no blocking thread looked the name up");
    }
  }

  @ParameterizedTest
  @EnumSource
  void aConnectToANameThatDoesNotResolveFailsWithUnknownHostException(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      InetSocketAddress nowhere = InetSocketAddress.createUnresolved("no-such-host.invalid", 80);
      assertIoFailure(UnknownHostException.class,
          () -> run(rt, () -> TcpStream.connect(nowhere).await()));
    }
  }

  /**
   * A connect cancelled while the handshake is under way closes its half-open socket. The
   * listener's accept queue is full, so the kernel drops the SYN and the connect stays pending.
   */
  @ParameterizedTest
  @EnumSource
  void aConnectCancelledWhilePendingClosesItsSocket(NetFlavour flavour) throws Exception {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 1)) {
      List<SocketChannel> queued = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) { // what a backlog of 1 queues (Linux: backlog + 1)
          queued.add(SocketChannel.open(listener.localAddress()));
        }
        run(rt, () -> {
          long before = openFileDescriptors();
          MockTask<TcpStream> connect = MockTask.of(TcpStream.connect(listener.localAddress()));
          connect.assertPending();
          connect.cancel();
          eventuallyAsync("the half-open socket is released",
              () -> openFileDescriptors() <= before);
          return null;
        });
      } finally {
        for (SocketChannel c : queued) {
          c.close();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void readWriteReadExactAndWriteAllMoveTheBytes(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          ByteBuffer small = pattern(10, 1);
          int written = a.write(small).await();
          assertTrue(written > 0 && written <= 10);
          if (small.hasRemaining()) {
            a.writeAll(small).await();
          }
          ByteBuffer got = ByteBuffer.allocate(10);
          int n = b.read(got).await();
          assertTrue(n > 0, "read " + n);
          b.readExact(got).await();
          assertArrayEquals(remaining(pattern(10, 1)), got.array());

          ByteBuffer big = pattern(1 << 20, 2);
          JoinHandle<Void> writer = Task.spawn(a.writeAll(big.duplicate()));
          ByteBuffer all = ByteBuffer.allocate(1 << 20);
          b.readExact(all).await();
          writer.await();
          assertArrayEquals(remaining(big), all.array());
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void aReadIntoAFullBufferReturnsZeroAtOnce(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          ByteBuffer full = ByteBuffer.allocate(4);
          full.position(4);
          assertEquals(0, MockTask.of(b.read(full)).assertReady());
          assertEquals(0, MockTask.of(Futures.pollFn(cx -> b.pollRead(cx, full))).assertReady());
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void endOfStreamIsMinusOneAndReadExactFailsWithEofException(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        TcpStream a = pair.first();
        try (TcpStream b = pair.second()) {
          a.writeAll(pattern(3, 0)).await();
          a.close();
          ByteBuffer buf = ByteBuffer.allocate(8);
          assertIoFailure(EOFException.class, () -> b.readExact(buf).await());
          assertEquals(3, buf.position(), "the bytes before the end are in the buffer");
          assertEquals(-1, b.read(ByteBuffer.allocate(8)).await());
          assertEquals(-1, b.read(ByteBuffer.allocate(8)).await(), "end of stream stays");
        }
        return null;
      });
    }
  }

  /**
   * shutdown() half-closes: the peer reads -1, this side still reads, a write after it fails;
   * after the peer's half-close the peer still writes.
   */
  @ParameterizedTest
  @EnumSource
  void shutdownHalfClosesTheWriteDirection(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          a.writeAll(pattern(5, 3)).await();
          a.shutdown().await();
          a.shutdown().await(); // again: nothing more to do
          ByteBuffer got = ByteBuffer.allocate(5);
          b.readExact(got).await();
          assertArrayEquals(remaining(pattern(5, 3)), got.array());
          assertEquals(-1, b.read(ByteBuffer.allocate(1)).await(), "the peer reads the end");

          assertIoFailure(ClosedChannelException.class,
              () -> a.write(pattern(1, 0)).await());
          assertIoFailure(ClosedChannelException.class,
              () -> a.writeAll(pattern(1, 0)).await());

          // The other direction still works both ways of looking at it.
          b.writeAll(pattern(7, 4)).await();
          ByteBuffer back = ByteBuffer.allocate(7);
          a.readExact(back).await();
          assertArrayEquals(remaining(pattern(7, 4)), back.array());
          b.shutdown().await();
          assertEquals(-1, a.read(ByteBuffer.allocate(1)).await());
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void noDelayIsOnByDefaultOnBothSidesAndCanBeTurnedOff(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          assertTrue(a.noDelay());
          assertTrue(b.noDelay());
          a.setNoDelay(false);
          assertFalse(a.noDelay());
          a.setNoDelay(true);
          assertTrue(a.noDelay());
        }
        return null;
      });
    }
  }

  /** A read cancelled while pending took nothing: the next read gets the bytes. */
  @ParameterizedTest
  @EnumSource
  void readIsCancelSafe(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          ByteBuffer first = ByteBuffer.allocate(8);
          MockTask<Integer> read = MockTask.of(b.read(first));
          read.assertPending();
          a.writeAll(pattern(8, 5)).await();
          eventuallyAsync("the read was woken", read::isWoken);
          read.cancel();
          assertEquals(0, first.position(), "the cancelled read took bytes");
          ByteBuffer next = ByteBuffer.allocate(8);
          b.readExact(next).await();
          assertArrayEquals(remaining(pattern(8, 5)), next.array());
          // readExact cancelled before its first byte is cancel-safe too.
          MockTask<Void> exact = MockTask.of(b.readExact(ByteBuffer.allocate(2)));
          exact.assertPending();
          exact.cancel();
          a.writeAll(pattern(2, 6)).await();
          ByteBuffer last = ByteBuffer.allocate(2);
          b.readExact(last).await();
          assertArrayEquals(remaining(pattern(2, 6)), last.array());
        }
        return null;
      });
    }
  }

  /**
   * A write cancelled while pending (no room) took nothing from its buffer: every byte the
   * writes reported taken arrives, and no other.
   */
  @ParameterizedTest
  @EnumSource
  void writeIsCancelSafe(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          ByteBuffer chunk = pattern(64 * 1024, 7);
          long taken = 0;
          MockTask<Integer> pending;
          for (;;) { // fill the socket until a write has no room
            ByteBuffer src = chunk.duplicate();
            MockTask<Integer> w = MockTask.of(a.write(src));
            Poll<Integer> p = w.poll();
            if (p.isReady()) {
              taken += p.value();
              continue;
            }
            assertEquals(0, src.position(), "a pending write took bytes");
            if (!w.isWoken()) {
              pending = w;
              break;
            }
            w.cancel(); // pending for the cooperative budget (it woke itself): a new poll
            Task.yieldNow().await();
          }
          pending.cancel();
          a.shutdown().await();
          ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
          long received = 0;
          for (int n; (n = b.read(buf.clear()).await()) >= 0; ) {
            received += n;
          }
          assertEquals(taken, received);
        }
        return null;
      });
    }
  }

  /**
   * One pending read and one pending write at a time: a second read future polled while one is
   * pending is refused; a write meanwhile is fine; once the first is cancelled a read may go.
   */
  @ParameterizedTest
  @EnumSource
  void oneReadAndOneWriteMayBePendingAtATime(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          MockTask<Integer> first = MockTask.of(b.read(ByteBuffer.allocate(4)));
          first.assertPending();
          Throwable refused = MockTask.of(b.read(ByteBuffer.allocate(4))).assertFails();
          assertEquals(IllegalStateException.class, refused.getClass(), refused.toString());
          assertEquals(IllegalStateException.class,
              MockTask.of(b.readExact(ByteBuffer.allocate(4))).assertFails().getClass());
          assertEquals(4, MockTask.of(b.write(pattern(4, 0))).assertReady(),
              "a write beside a pending read");
          first.cancel();
          MockTask<Integer> second = MockTask.of(b.read(ByteBuffer.allocate(4)));
          second.assertPending();
          second.cancel();
          ByteBuffer echo = ByteBuffer.allocate(4);
          a.readExact(echo).await();
          assertArrayEquals(remaining(pattern(4, 0)), echo.array());
        }
        return null;
      });
    }
  }

  /** Two tasks reading the same stream at once: the second one's poll is refused. */
  @ParameterizedTest
  @EnumSource
  void aSecondTaskReadingAtTheSameTimeIsRefused(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          Watched<Integer> read = new Watched<>(b.read(ByteBuffer.allocate(4)));
          JoinHandle<Integer> reader = Task.spawn(read);
          eventuallyAsync("the first read is pending", read::wasPending);
          assertThrows(IllegalStateException.class,
              () -> MockTask.of(b.read(ByteBuffer.allocate(4))).poll());
          a.writeAll(pattern(4, 0)).await();
          assertEquals(4, reader.await());
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void closeIsIdempotentAndLaterOperationsFailAsClosed(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        TcpStream a = pair.first();
        try (TcpStream b = pair.second()) {
          a.close();
          a.close();
          assertTrue(a.toString().contains("closed"), a.toString());
          assertIoFailure(ClosedChannelException.class,
              () -> a.read(ByteBuffer.allocate(1)).await());
          assertIoFailure(ClosedChannelException.class, () -> a.write(pattern(1, 0)).await());
          assertIoFailure(ClosedChannelException.class, () -> a.flush().await());
          assertIoFailure(ClosedChannelException.class, () -> a.shutdown().await());
          assertEquals(-1, b.read(ByteBuffer.allocate(1)).await());
        }
        return null;
      });
    }
  }

  /** A read pending when the stream is closed is woken and fails as closed. */
  @ParameterizedTest
  @EnumSource
  void aPendingReadFailsWithClosedChannelExceptionWhenTheStreamCloses(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          MockTask<Integer> read = MockTask.of(b.read(ByteBuffer.allocate(4)));
          read.assertPending();
          b.close();
          assertTrue(read.isWoken(), "close did not wake the pending read");
          assertIoFailure(ClosedChannelException.class, read.assertFails());
        }
        return null;
      });
    }
  }

  /** The same, with the read pending in a task and the close made by another thread. */
  @ParameterizedTest
  @EnumSource
  void aReadPendingInATaskFailsWhenAnotherThreadClosesTheStream(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      Throwable failure = run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          Watched<Integer> read = new Watched<>(b.read(ByteBuffer.allocate(4)));
          JoinHandle<Integer> reader = Task.spawn(read);
          eventuallyAsync("the read is pending", read::wasPending);
          Thread closer = Thread.ofPlatform().start(b::close);
          var r = reader.result().await();
          closer.join();
          return r instanceof dev.weft.future.Result.Err<Integer> err ? err.error() : null;
        }
      });
      assertIoFailure(ClosedChannelException.class, failure);
    }
  }

  @ParameterizedTest
  @EnumSource
  void theAddressesOfBothEndsMatch(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          assertEquals(listener.localAddress(), a.peerAddress());
          assertEquals(a.localAddress(), b.peerAddress());
          assertEquals(a.peerAddress(), b.localAddress());
          assertNotEquals(a.localAddress(), b.localAddress());
        }
        return null;
      });
    }
  }
}
