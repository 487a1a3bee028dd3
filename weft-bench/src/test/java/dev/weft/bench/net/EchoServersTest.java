package dev.weft.bench.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The echo servers of W8/W9 that this build has: they echo every byte and count resets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoServersTest {

  @ParameterizedTest
  @ValueSource(strings = {"netty", "vthreads", "weft-mt", "weft-ct"})
  void echoesEveryByteOnEveryConnection(String kind) throws Exception {
    try (EchoServer server = EchoServerMain.create(kind)) {
      int port = server.start(0);
      try (Socket a = connect(port); Socket b = connect(port)) {
        byte[] small = pattern(64, 1);
        byte[] large = pattern(3 * EchoServer.BUFFER + 17, 2); // more than one read's worth
        assertArrayEquals(small, roundTrip(a, small));
        assertArrayEquals(large, roundTrip(b, large));
        assertArrayEquals(small, roundTrip(a, small));
      }
      assertEquals(0, server.failedConnections());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"netty", "vthreads", "weft-mt", "weft-ct"})
  void aConnectionResetByTheClientIsCountedAsFailed(String kind) throws Exception {
    try (EchoServer server = EchoServerMain.create(kind)) {
      int port = server.start(0);
      Socket s = connect(port);
      roundTrip(s, pattern(64, 3)); // the server has taken the connection and read from it
      s.setSoLinger(true, 0); // close with a reset, as W9's client does
      s.close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.failedConnections() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, server.failedConnections());
    }
  }

  @Test
  void weftsServerIsCreatedExactlyWhenTheBuildHasIt() throws Exception {
    for (String kind : new String[] {"weft-mt", "weft-ct"}) {
      if (EchoServerMain.available(kind)) {
        try (EchoServer server = EchoServerMain.create(kind)) {
          assertInstanceOf(EchoServer.class, server);
        }
      } else {
        assertThrows(ClassNotFoundException.class, () -> EchoServerMain.create(kind));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> EchoServerMain.create("kotlin"));
  }

  private static Socket connect(int port) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setTcpNoDelay(true);
    return s;
  }

  private static byte[] roundTrip(Socket s, byte[] message) throws Exception {
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    out.write(message);
    out.flush();
    return in.readNBytes(message.length);
  }

  private static byte[] pattern(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }
}
