package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.runtime.AsyncRuntime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: {@link UdpSocket#sendTo} with an unresolved target returned a future, which failed
 * with the JDK's {@link UnresolvedAddressException} only when awaited, while {@code bind} and
 * {@code connect} refuse an unresolved address at the call. The rule: arguments are
 * checked at the call, before any future is returned. The fix: {@code sendTo} refuses it at the
 * call with the same exception (an {@link IllegalArgumentException}); the socket is untouched.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UdpUnresolvedTargetFailedAtTheAwaitTest {

  @ParameterizedTest
  @EnumSource
  void sendToAnUnresolvedTargetThrowsAtTheCall(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        UdpSocket a = UdpSocket.bind(anyLoopbackPort());
        UdpSocket b = UdpSocket.bind(anyLoopbackPort())) {
      InetSocketAddress unresolved =
          InetSocketAddress.createUnresolved("localhost", b.localAddress().getPort());
      ByteBuffer datagram = ByteBuffer.wrap(new byte[] {1, 2, 3});
      assertThrows(IllegalArgumentException.class, () -> a.sendTo(datagram, unresolved));
      assertThrows(UnresolvedAddressException.class, () -> a.sendTo(datagram, unresolved));
      assertEquals(0, datagram.position());
      // The socket still sends.
      run(rt, () -> {
        a.sendTo(datagram, b.localAddress()).await();
        ByteBuffer got = ByteBuffer.allocate(3);
        assertEquals(a.localAddress(), b.receiveFrom(got).await());
        assertArrayEquals(new byte[] {1, 2, 3}, got.array());
        return null;
      });
    }
  }
}
