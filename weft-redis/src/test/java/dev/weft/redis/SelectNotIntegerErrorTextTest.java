package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): SELECT with an index that
 * is not an integer answered {@code invalid DB index} (the text of older Redis versions); Redis 7
 * answers {@code value is not an integer or out of range}. An integer outside a C int gets
 * Redis 7's range error, any other index but 0 {@code DB index is out of range}.
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
      String outOfInt =
          "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n";
      assertEquals(outOfInt, c.send(RawClient.cmd("SELECT", "2147483648")).reply());
      assertEquals(outOfInt, c.send(RawClient.cmd("SELECT", "-2147483649")).reply());
      assertEquals(outOfInt, c.send(RawClient.cmd("SELECT", "99999999999")).reply());
      assertEquals("-ERR DB index is out of range\r\n",
          c.send(RawClient.cmd("SELECT", "2147483647")).reply());
      assertEquals("+OK\r\n", c.send(RawClient.cmd("SELECT", "0")).reply());
    }
  }
}
