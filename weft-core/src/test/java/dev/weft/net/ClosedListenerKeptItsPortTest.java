package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.test.MockTask;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: a listener closed after it had waited for a connection kept listening on its
 * port after {@code close()} returned.
 *
 * <p>An accept that found no connection registered the listener with the runtime's selector.
 * The JDK does not close a channel registered with a selector: {@code close()} cancels the key,
 * and the socket is closed when that selector next selects and drops the key. Until then the
 * port stayed bound and listening: binding it again failed with {@code BindException}, and a
 * client's connect succeeded (the kernel queued it) and then hung. The runtime woke a selector
 * blocked in a select on close, so the port was released "soon" on a multi-thread runtime (a race
 * with the caller's next step), and on a current-thread runtime not before its next
 * {@code blockOn}. The same held for streams and UDP sockets (their descriptors stayed open, a
 * UDP port stayed bound).
 *
 * <p>The fix: closing a registered channel makes its selector drop the key before close
 * returns: the closing thread wakes a thread blocked in the selector and selects once without
 * waiting itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClosedListenerKeptItsPortTest {

  @ParameterizedTest
  @EnumSource
  void thePortOfAListenerThatWaitedIsFreeOnceCloseReturns(NetFlavour flavour) throws Exception {
    try (AsyncRuntime rt = flavour.build()) {
      for (int round = 0; round < 20; round++) {
        TcpListener listener = TcpListener.bind(anyLoopbackPort());
        InetSocketAddress address = listener.localAddress();
        run(rt, () -> {
          MockTask<TcpStream> accept = MockTask.of(listener.accept());
          accept.assertPending(); // registered with the selector now
          accept.cancel();
          return null;
        });
        listener.close();
        assertThrows(ConnectException.class, () -> {
          try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(2_000); // connected to a closed listener: the read would hang
            s.getInputStream().read();
          }
        });
        try (TcpListener again = TcpListener.bind(address)) {
          assertEquals(address, again.localAddress());
        }
      }
    }
  }

  /** The same for a listener closed inside the runtime, by the task that waited on it. */
  @ParameterizedTest
  @EnumSource
  void thePortIsFreeOnceCloseReturnsInsideATask(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      run(rt, () -> {
        for (int round = 0; round < 20; round++) {
          TcpListener listener = TcpListener.bind(anyLoopbackPort());
          MockTask<TcpStream> accept = MockTask.of(listener.accept());
          accept.assertPending();
          accept.cancel();
          listener.close();
          try (TcpListener again = TcpListener.bind(listener.localAddress())) {
            assertEquals(listener.localAddress(), again.localAddress());
          }
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void theUdpPortOfASocketThatWaitedIsFreeOnceCloseReturns(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      for (int round = 0; round < 20; round++) {
        UdpSocket udp = UdpSocket.bind(anyLoopbackPort());
        run(rt, () -> {
          MockTask<InetSocketAddress> receive =
              MockTask.of(udp.receiveFrom(java.nio.ByteBuffer.allocate(1)));
          receive.assertPending();
          receive.cancel();
          return null;
        });
        udp.close();
        try (UdpSocket again = UdpSocket.bind(udp.localAddress())) {
          assertEquals(udp.localAddress(), again.localAddress());
        }
      }
    }
  }
}
