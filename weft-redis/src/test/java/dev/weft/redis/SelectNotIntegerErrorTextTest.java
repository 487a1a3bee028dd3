package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): SELECT with an index that
 * is not an integer answered {@code invalid DB index} (the text of older Redis versions); Redis 7
 * answers {@code value is not an integer or out of range}.
 */
class SelectNotIntegerErrorTextTest {
  @Test
  void selectWithANonIntegerAnswersRedis7Text() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      String notInt = "-ERR value is not an integer or out of range\r\n";
      assertEquals(notInt, c.send(RawClient.cmd("SELECT", "x")).reply());
      assertEquals(notInt, c.send(RawClient.cmd("SELECT", "")).reply());
      assertEquals("-ERR DB index is out of range\r\n",
          c.send(RawClient.cmd("SELECT", "-1")).reply());
      assertEquals("+OK\r\n", c.send(RawClient.cmd("SELECT", "0")).reply());
    }
  }
}
