package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.assertIoFailure;
import static dev.weft.net.NetTesting.eventuallyAsync;
import static dev.weft.net.NetTesting.pattern;
import static dev.weft.net.NetTesting.remaining;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Result;
import dev.weft.net.NetTesting.Watched;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.MockTask;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules of {@link UdpSocket}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UdpSocketTest {

  @Test
  void bindToPortZeroTakesAFreePortAndASecondBindOfThatPortFails() {
    try (UdpSocket a = UdpSocket.bind(anyLoopbackPort())) {
      assertNotEquals(0, a.localAddress().getPort());
      assertIoFailure(BindException.class, () -> UdpSocket.bind(a.localAddress()));
    }
  }

  @ParameterizedTest
  @EnumSource
  void sendToAndReceiveFromMoveWholeDatagrams(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        UdpSocket a = UdpSocket.bind(anyLoopbackPort());
        UdpSocket b = UdpSocket.bind(anyLoopbackPort())) {
      run(rt, () -> {
        ByteBuffer datagram = pattern(100, 1);
        assertEquals(100, a.sendTo(datagram, b.localAddress()).await());
        assertEquals(0, datagram.remaining(), "the datagram was consumed");
        ByteBuffer got = ByteBuffer.allocate(200);
        assertEquals(a.localAddress(), b.receiveFrom(got).await());
        assertArrayEquals(remaining(pattern(100, 1)), Arrays.copyOf(got.array(), got.position()));
        // and back
        assertEquals(3, b.sendTo(pattern(3, 2), a.localAddress()).await());
        ByteBuffer back = ByteBuffer.allocate(3);
        assertEquals(b.localAddress(), a.receiveFrom(back).await());
        assertArrayEquals(remaining(pattern(3, 2)), back.array());
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void connectThenSendAndReceiveTalkToThePeer(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        UdpSocket a = UdpSocket.bind(anyLoopbackPort());
        UdpSocket b = UdpSocket.bind(anyLoopbackPort());
        UdpSocket stranger = UdpSocket.bind(anyLoopbackPort())) {
      a.connect(b.localAddress());
      b.connect(a.localAddress());
      run(rt, () -> {
        assertEquals(5, a.send(pattern(5, 3)).await());
        ByteBuffer got = ByteBuffer.allocate(16);
        assertEquals(5, b.receive(got).await());
        assertArrayEquals(remaining(pattern(5, 3)), Arrays.copyOf(got.array(), 5));
        // A connected socket drops datagrams from other addresses.
        stranger.sendTo(pattern(9, 0), b.localAddress()).await();
        assertEquals(2, a.send(pattern(2, 4)).await());
        ByteBuffer next = ByteBuffer.allocate(16);
        assertEquals(2, b.receive(next).await());
        assertArrayEquals(remaining(pattern(2, 4)), Arrays.copyOf(next.array(), 2));
        return null;
      });
    }
  }

  @Test
  void sendAndReceiveBeforeConnectThrowNotYetConnectedException() {
    try (UdpSocket a = UdpSocket.bind(anyLoopbackPort())) {
      NotYetConnectedException e =
          assertThrows(NotYetConnectedException.class, () -> a.send(pattern(1, 0)));
      assertTrue(e instanceof IllegalStateException);
      assertThrows(NotYetConnectedException.class, () -> a.receive(ByteBuffer.allocate(1)));
    }
  }

  /** A datagram larger than the buffer: the rest is discarded, the next receive gets the next. */
  @ParameterizedTest
  @EnumSource
  void whatDoesNotFitTheReceiveBufferIsDiscarded(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        UdpSocket a = UdpSocket.bind(anyLoopbackPort());
        UdpSocket b = UdpSocket.bind(anyLoopbackPort())) {
      b.connect(a.localAddress());
      run(rt, () -> {
        a.sendTo(pattern(100, 5), b.localAddress()).await();
        a.sendTo(pattern(4, 6), b.localAddress()).await();
        a.sendTo(pattern(50, 7), b.localAddress()).await();
        ByteBuffer small = ByteBuffer.allocate(10);
        assertEquals(a.localAddress(), b.receiveFrom(small).await());
        assertEquals(10, small.position());
        assertArrayEquals(Arrays.copyOf(remaining(pattern(100, 5)), 10), small.array());
        ByteBuffer next = ByteBuffer.allocate(10);
        b.receiveFrom(next).await();
        assertArrayEquals(remaining(pattern(4, 6)), Arrays.copyOf(next.array(), 4));
        assertEquals(4, next.position());
        ByteBuffer third = ByteBuffer.allocate(10);
        assertEquals(10, b.receive(third).await(), "receive truncates the same way");
        assertArrayEquals(Arrays.copyOf(remaining(pattern(50, 7)), 10), third.array());
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void aClosedSocketFailsWithClosedChannelExceptionAndCloseIsIdempotent(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        UdpSocket peer = UdpSocket.bind(anyLoopbackPort())) {
      UdpSocket a = UdpSocket.bind(anyLoopbackPort());
      a.connect(peer.localAddress());
      a.close();
      a.close();
      // Making a future of a closed socket does nothing: it fails when awaited.
      Future<Integer> send = a.send(pattern(1, 0));
      Future<Integer> receive = a.receive(ByteBuffer.allocate(1));
      assertIoFailure(ClosedChannelException.class, () -> run(rt, () -> send.await()));
      assertIoFailure(ClosedChannelException.class, () -> run(rt, () -> receive.await()));
      assertIoFailure(ClosedChannelException.class,
          () -> run(rt, () -> a.sendTo(pattern(1, 0), peer.localAddress()).await()));
      assertIoFailure(ClosedChannelException.class,
          () -> run(rt, () -> a.receiveFrom(ByteBuffer.allocate(1)).await()));
      assertIoFailure(ClosedChannelException.class,
          () -> run(rt, () -> a.send(pattern(1, 0)).await()));
      assertIoFailure(ClosedChannelException.class,
          () -> run(rt, () -> a.receive(ByteBuffer.allocate(1)).await()));
      assertIoFailure(ClosedChannelException.class, () -> a.connect(peer.localAddress()));
    }
  }

  /** A receive pending when the socket is closed is woken and fails as closed. */
  @ParameterizedTest
  @EnumSource
  void aPendingReceiveFailsWithClosedChannelExceptionWhenTheSocketCloses(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      UdpSocket a = UdpSocket.bind(anyLoopbackPort());
      run(rt, () -> {
        MockTask<InetSocketAddress> receive = MockTask.of(a.receiveFrom(ByteBuffer.allocate(8)));
        receive.assertPending();
        a.close();
        assertTrue(receive.isWoken(), "close did not wake the pending receive");
        assertIoFailure(ClosedChannelException.class, receive.assertFails());
        return null;
      });
    }
  }

  /** The same with the receive pending in a task and the close made by another thread. */
  @ParameterizedTest
  @EnumSource
  void aReceivePendingInATaskFailsWhenAnotherThreadClosesTheSocket(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      UdpSocket a = UdpSocket.bind(anyLoopbackPort());
      Throwable failure = run(rt, () -> {
        Watched<InetSocketAddress> receive = new Watched<>(a.receiveFrom(ByteBuffer.allocate(8)));
        JoinHandle<InetSocketAddress> receiver = Task.spawn(receive);
        eventuallyAsync("the receive is pending", receive::wasPending);
        Thread closer = Thread.ofPlatform().start(a::close);
        Result<InetSocketAddress> r = receiver.result().await();
        closer.join();
        return r instanceof Result.Err<InetSocketAddress> err ? err.error() : null;
      });
      assertIoFailure(ClosedChannelException.class, failure);
    }
  }

  /** A receive cancelled while pending took no datagram: the next receive gets it. */
  @ParameterizedTest
  @EnumSource
  void receiveIsCancelSafe(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        UdpSocket a = UdpSocket.bind(anyLoopbackPort());
        UdpSocket b = UdpSocket.bind(anyLoopbackPort())) {
      b.connect(a.localAddress());
      run(rt, () -> {
        ByteBuffer first = ByteBuffer.allocate(8);
        MockTask<InetSocketAddress> receive = MockTask.of(b.receiveFrom(first));
        receive.assertPending();
        a.sendTo(pattern(8, 1), b.localAddress()).await();
        eventuallyAsync("the receive was woken", receive::isWoken);
        receive.cancel();
        assertEquals(0, first.position(), "the cancelled receive took the datagram");
        ByteBuffer got = ByteBuffer.allocate(8);
        assertEquals(a.localAddress(), b.receiveFrom(got).await());
        assertArrayEquals(remaining(pattern(8, 1)), got.array());

        MockTask<Integer> connected = MockTask.of(b.receive(ByteBuffer.allocate(8)));
        connected.assertPending();
        connected.cancel();
        a.sendTo(pattern(3, 2), b.localAddress()).await();
        ByteBuffer again = ByteBuffer.allocate(8);
        assertEquals(3, b.receive(again).await());
        return null;
      });
    }
  }

  /** One pending receive at a time; a send beside it is fine. */
  @ParameterizedTest
  @EnumSource
  void oneReceiveAndOneSendMayBePendingAtATime(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        UdpSocket a = UdpSocket.bind(anyLoopbackPort())) {
      run(rt, () -> {
        MockTask<InetSocketAddress> first = MockTask.of(a.receiveFrom(ByteBuffer.allocate(8)));
        first.assertPending();
        assertThrows(IllegalStateException.class,
            () -> MockTask.of(a.receiveFrom(ByteBuffer.allocate(8))).poll());
        Poll<Integer> sent = MockTask.of(a.sendTo(pattern(2, 0), a.localAddress())).poll();
        assertEquals(2, sent.value());
        first.cancel();
        assertEquals(a.localAddress(), a.receiveFrom(ByteBuffer.allocate(8)).await());
        return null;
      });
    }
  }
}
