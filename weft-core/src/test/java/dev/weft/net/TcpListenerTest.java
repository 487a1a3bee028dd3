package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.assertIoFailure;
import static dev.weft.net.NetTesting.eventuallyAsync;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Result;
import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.IoDriverProbe;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.stream.Stream;
import dev.weft.test.MockTask;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules of {@link TcpListener}: bind, accept, incoming, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpListenerTest {

  @Test
  void bindToPortZeroTakesAFreePortWithoutARuntime() {
    try (TcpListener a = TcpListener.bind(anyLoopbackPort());
        TcpListener b = TcpListener.bind(anyLoopbackPort())) {
      assertNotEquals(0, a.localAddress().getPort());
      assertNotEquals(a.localAddress().getPort(), b.localAddress().getPort());
      assertEquals(anyLoopbackPort().getAddress(), a.localAddress().getAddress());
    }
  }

  @Test
  void bindToAnAddressInUseThrowsBindExceptionAtTheCall() {
    try (TcpListener first = TcpListener.bind(anyLoopbackPort())) {
      assertIoFailure(BindException.class, () -> TcpListener.bind(first.localAddress()));
      assertIoFailure(BindException.class, () -> TcpListener.bind(first.localAddress(), 16));
    }
  }

  @Test
  void theAddressIsFreeAgainOnceTheListenerClosed() {
    InetSocketAddress address;
    try (TcpListener first = TcpListener.bind(anyLoopbackPort())) {
      address = first.localAddress();
    }
    try (TcpListener again = TcpListener.bind(address)) {
      assertEquals(address, again.localAddress());
    }
  }

  /**
   * SO_REUSEADDR is on: the port of a closed listener can be bound again although connections
   * it accepted and closed first wait in TIME_WAIT on it.
   */
  @ParameterizedTest
  @EnumSource
  void thePortIsFreeAgainWhileItsClosedConnectionsWaitInTimeWait(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      InetSocketAddress address;
      try (TcpListener first = TcpListener.bind(anyLoopbackPort())) {
        address = first.localAddress();
        run(rt, () -> {
          Tuple2<TcpStream, TcpStream> pair = NetTesting.connectPair(first);
          pair.second().close(); // the server side closes first: its end goes to TIME_WAIT
          assertEquals(-1, pair.first().read(ByteBuffer.allocate(1)).await());
          pair.first().close();
          return null;
        });
      }
      try (TcpListener again = TcpListener.bind(address)) {
        assertEquals(address, again.localAddress());
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void acceptGivesTheConnectionOfAConnect(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 8)) {
      run(rt, () -> {
        try (TcpStream client = TcpStream.connect(listener.localAddress()).await();
            TcpStream server = listener.accept().await()) {
          assertEquals(client.localAddress(), server.peerAddress());
          assertEquals(client.peerAddress(), server.localAddress());
          assertEquals(listener.localAddress(), server.localAddress());
        }
        return null;
      });
    }
  }

  /** A cancelled accept took no connection: the next accept gets it. */
  @ParameterizedTest
  @EnumSource
  void acceptIsCancelSafe(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        MockTask<TcpStream> first = MockTask.of(listener.accept());
        first.assertPending();
        first.cancel();
        try (TcpStream client = TcpStream.connect(listener.localAddress()).await();
            TcpStream server = listener.accept().await()) {
          assertEquals(client.localAddress(), server.peerAddress());
        }
        return null;
      });
    }
  }

  /** An accept cancelled after its connection arrived (woken, not yet polled) took nothing. */
  @ParameterizedTest
  @EnumSource
  void anAcceptCancelledAfterItsWakeUpTookNothing(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        MockTask<TcpStream> first = MockTask.of(listener.accept());
        first.assertPending();
        JoinHandle<TcpStream> client = Task.spawn(TcpStream.connect(listener.localAddress()));
        eventuallyAsync("the accept was woken", first::isWoken);
        first.cancel();
        try (TcpStream c = client.await(); TcpStream server = listener.accept().await()) {
          assertEquals(c.localAddress(), server.peerAddress());
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void incomingAcceptsInALoop(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 16)) {
      run(rt, () -> {
        List<JoinHandle<TcpStream>> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          clients.add(Task.spawn(TcpStream.connect(listener.localAddress())));
        }
        Stream<TcpStream> incoming = listener.incoming();
        Set<InetSocketAddress> accepted = new HashSet<>();
        List<TcpStream> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          TcpStream s = incoming.next().await().orElseThrow();
          open.add(s);
          accepted.add(s.peerAddress());
        }
        Set<InetSocketAddress> connected = new HashSet<>();
        for (JoinHandle<TcpStream> h : clients) {
          TcpStream c = h.await();
          open.add(c);
          connected.add(c.localAddress());
        }
        assertEquals(connected, accepted);
        open.forEach(TcpStream::close);
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void incomingFailsWithClosedChannelExceptionOnceTheListenerIsClosed(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      TcpListener listener = TcpListener.bind(anyLoopbackPort());
      Stream<TcpStream> incoming = listener.incoming();
      listener.close();
      assertIoFailure(ClosedChannelException.class,
          () -> run(rt, () -> incoming.next().await()));
    }
  }

  /** A pending accept is woken by close() and fails as closed. */
  @ParameterizedTest
  @EnumSource
  void aPendingAcceptFailsWithClosedChannelExceptionWhenTheListenerCloses(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      TcpListener listener = TcpListener.bind(anyLoopbackPort());
      run(rt, () -> {
        MockTask<TcpStream> accept = MockTask.of(listener.accept());
        accept.assertPending();
        listener.close();
        assertTrue(accept.isWoken(), "closing did not wake the pending accept");
        assertIoFailure(ClosedChannelException.class, accept.assertFails());
        return null;
      });
    }
  }

  /**
   * An accept pending in a task while its runtime sleeps in the selector fails when another
   * thread closes the listener.
   */
  @ParameterizedTest
  @EnumSource
  void anAcceptPendingInATaskFailsWhenAnotherThreadClosesTheListener(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      TcpListener listener = TcpListener.bind(anyLoopbackPort());
      Throwable failure = run(rt, () -> {
        JoinHandle<TcpStream> accept = Task.spawn(listener.accept());
        eventuallyAsync("the accept registered", () -> IoDriverProbe.registeredKeys(rt) == 1);
        Thread closer = Thread.ofPlatform().start(listener::close);
        Result<TcpStream> r = accept.result().await();
        closer.join();
        return r instanceof Result.Err<TcpStream> err ? err.error() : null;
      });
      assertIoFailure(ClosedChannelException.class, failure);
    }
  }

  @ParameterizedTest
  @EnumSource
  void anAcceptOnAClosedListenerFailsAndCloseIsIdempotent(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      TcpListener listener = TcpListener.bind(anyLoopbackPort());
      listener.close();
      listener.close();
      assertIoFailure(ClosedChannelException.class,
          () -> run(rt, () -> listener.accept().await()));
      assertTrue(listener.toString().contains("closed"), listener.toString());
    }
  }

  @ParameterizedTest
  @EnumSource
  void aSecondConcurrentAcceptIsRefused(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        MockTask<TcpStream> first = MockTask.of(listener.accept());
        first.assertPending();
        MockTask<TcpStream> second = MockTask.of(listener.accept());
        second.assertFails();
        first.cancel();
        // The refused accept threw, so it completed (a future that threw has completed); a new one gets the slot.
        assertThrows(IllegalStateException.class, second::poll);
        MockTask<TcpStream> third = MockTask.of(listener.accept());
        third.assertPending(); // the slot is free again
        third.cancel();
        return null;
      });
    }
  }
}
