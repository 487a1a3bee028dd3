package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): LREM with a count of
 * {@code -9223372036854775808} took {@code Math.abs} of it, which stays negative, so it removed
 * nothing; Redis removes every match from the tail.
 */
class LremMinCountTest {
  @Test
  void lremWithTheSmallestCountRemovesEveryMatch() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertEquals(":5\r\n", c.send(RawClient.cmd("RPUSH", "k", "a", "b", "a", "c", "a")).reply());
      assertEquals(":3\r\n",
          c.send(RawClient.cmd("LREM", "k", "-9223372036854775808", "a")).reply());
      assertEquals("*2\r\n$1\r\nb\r\n$1\r\nc\r\n",
          c.send(RawClient.cmd("LRANGE", "k", "0", "-1")).reply());
    }
  }
}
