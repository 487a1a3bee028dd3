package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.assertIoFailure;
import static dev.weft.net.NetTesting.connectPair;
import static dev.weft.net.NetTesting.eventuallyAsync;
import static dev.weft.net.NetTesting.pattern;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Poll;
import dev.weft.net.NetTesting.Watched;
import dev.weft.future.Result;
import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.MockTask;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: closing one half of a split stream left the operation pending on that half asleep.
 *
 * <p>A read on the {@code ReadHalf} finds nothing to read: it stores its task's waker in the
 * socket's registration, arms read interest and returns pending. Then the half is closed.
 * {@code ReadHalf.close()} only set a flag that the next poll checks (the socket itself stays
 * open while the write half is), so nothing woke the waiting task: it slept until bytes happened
 * to arrive, and forever if none did, although a read pending when its half is closed must fail
 * with {@code ClosedChannelException}. The same for a write that had no room when the
 * {@code WriteHalf} was closed (or the stream shut down): the FIN went out, and the write
 * waited for room that a peer which never reads never makes (the kernel may report the socket
 * writable after the shutdown, but only at some later select, if at all).
 *
 * <p>The fix: closing a half (and {@code shutdown()}) wakes the waiter of its direction; a poll
 * that stored its waker looks at the closed flag once more afterwards, so a close from another
 * thread between the poll's first look and its waker store is not missed either (the flag and
 * the waker are both volatile: one side sees the other).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClosedHalfLeftItsPendingOperationAsleepTest {

  @ParameterizedTest
  @EnumSource
  void aReadPendingOnTheReadHalfIsWokenAndFailsWhenTheHalfCloses(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream peer = pair.second()) {
          TcpStream.Halves halves = pair.first().split();
          MockTask<Integer> read = MockTask.of(halves.reader().read(ByteBuffer.allocate(4)));
          read.assertPending();
          halves.reader().close();
          assertTrue(read.isWoken(), "closing the read half did not wake its pending read");
          assertIoFailure(ClosedChannelException.class, read.assertFails());
          halves.writer().close();
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void aWriteWithNoRoomOnTheWriteHalfIsWokenAndFailsWhenTheHalfCloses(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream peer = pair.second()) {
          TcpStream.Halves halves = pair.first().split();
          MockTask<Void> write = fillUntilNoRoom(halves.writer());
          halves.writer().close();
          assertWokenSoon(write, "closing the write half did not wake its pending write");
          assertIoFailure(ClosedChannelException.class, write.assertFails());
          halves.reader().close();
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void aWriteWithNoRoomIsWokenAndFailsWhenTheStreamShutsDown(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream stream = pair.first(); TcpStream peer = pair.second()) {
          MockTask<Void> write = fillUntilNoRoom(stream);
          MockTask.of(stream.shutdown()).assertReady();
          assertWokenSoon(write, "shutdown() did not wake the pending write");
          assertIoFailure(ClosedChannelException.class, write.assertFails());
        }
        return null;
      });
    }
  }

  /** The read half is closed by another thread while a task waits in a read on it. */
  @ParameterizedTest
  @EnumSource
  void aReadPendingInATaskFailsWhenAnotherThreadClosesTheReadHalf(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      Throwable failure = run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream peer = pair.second()) {
          TcpStream.Halves halves = pair.first().split();
          Watched<Integer> read = new Watched<>(halves.reader().read(ByteBuffer.allocate(4)));
          JoinHandle<Integer> reader = Task.spawn(read);
          eventuallyAsync("the read is pending", read::wasPending);
          Thread closer = Thread.ofPlatform().start(halves.reader()::close);
          Result<Integer> r = reader.result().await();
          closer.join();
          halves.writer().close();
          return r instanceof Result.Err<Integer> err ? err.error() : null;
        }
      });
      assertIoFailure(ClosedChannelException.class, failure);
    }
  }

  /**
   * Inside an async block: a writeAll of more than the socket holds, polled until it is pending
   * for want of room (not for the cooperative budget: that pending wakes itself at once).
   */
  /**
   * The pending write is woken: at once by the close, or a moment later by a worker that took
   * its waker for a readiness event just before (the kernel moves bytes on to the peer's receive
   * buffer, so the socket becomes writable again by itself) and has not called it yet.
   */
  static void assertWokenSoon(MockTask<Void> write, String message) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!write.isWoken() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(write.isWoken(), message);
  }

  static MockTask<Void> fillUntilNoRoom(dev.weft.io.AsyncWrite out) {
    MockTask<Void> write = MockTask.of(out.writeAll(pattern(64 << 20, 0)));
    for (;;) {
      Poll<Void> p = write.poll();
      if (p.isReady()) {
        throw new AssertionError("64 MiB fit in the socket");
      }
      if (!write.isWoken()) {
        return write;
      }
      Task.yieldNow().await();
    }
  }
}
