package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.net.TcpListener;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * close() with clients connected: replies to the requests already received are all delivered,
 * then every connection is closed (idle, blocked, pipelining), the port is released, and it all
 * happens within the flush deadline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GracefulShutdownTest {

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void closeFlushesRepliesThenClosesEveryConnection(RedisServer.Flavor f) throws Exception {
    RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f);
    int port = server.port();
    try (RawClient idle = new RawClient(port);
        RawClient blocked = new RawClient(port);
        RawClient pipelining = new RawClient(port);
        Jedis observer = new Jedis("127.0.0.1", port)) {
      assertEquals("+PONG\r\n", idle.send(RawClient.cmd("PING")).reply());
      blocked.send(RawClient.cmd("BLPOP", "never", "0"));
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < 20_000; i++) {
        batch.append(RawClient.cmd("INCR", "counter"));
      }
      pipelining.send(batch.toString()); // no reply read yet
      long deadline = System.currentTimeMillis() + 30_000;
      while (!"20000".equals(observer.get("counter")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      assertEquals("20000", observer.get("counter"), "every request was received and run");

      long t0 = System.nanoTime();
      server.close();
      long tookMillis = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(tookMillis < 6_000, "close took " + tookMillis + " ms");

      for (int i = 1; i <= 20_000; i++) {
        assertEquals(":" + i + "\r\n", pipelining.reply(), "reply " + i + " was flushed");
      }
      assertTrue(pipelining.closedByServer());
      assertTrue(idle.closedByServer());
      assertTrue(blocked.closedByServer());
      try (TcpListener again = TcpListener.bind(new InetSocketAddress("127.0.0.1", port))) {
        assertEquals(port, again.localAddress().getPort(), "the port was released");
      }
    } finally {
      server.close();
    }
  }
}
