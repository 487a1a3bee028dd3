package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regressions (found by differential testing against redis-server 7.0) in SET's and GETEX's
 * expiry options: SET refused a repeated option of the same kind ({@code EX 10 EX 20}), which
 * Redis accepts with the last one winning; GETEX checked the time before the key, so a bad time
 * on a missing key or a list answered "invalid expire time" where Redis answers nil or WRONGTYPE.
 */
class SetGetexExpireOptionsTest {
  @Test
  void setTakesTheLastOfARepeatedExpireOption() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertEquals("+OK\r\n", c.send(RawClient.cmd("SET", "k", "v", "EX", "10", "EX", "20"))
          .reply());
      assertEquals(":20\r\n", c.send(RawClient.cmd("TTL", "k")).reply());
      assertEquals("+OK\r\n", c.send(RawClient.cmd("SET", "k", "v", "px", "5000", "PX",
          "100000")).reply());
      assertEquals(":100\r\n", c.send(RawClient.cmd("TTL", "k")).reply());
      assertEquals("-ERR syntax error\r\n", c.send(RawClient.cmd("SET", "k", "v", "EX", "10",
          "PX", "20")).reply());
    }
  }

  @Test
  void getexLooksAtTheKeyBeforeTheTime() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertEquals("$-1\r\n", c.send(RawClient.cmd("GETEX", "missing", "EX", "0")).reply());
      assertEquals("$-1\r\n", c.send(RawClient.cmd("GETEX", "missing", "EX", "x")).reply());
      assertEquals(":1\r\n", c.send(RawClient.cmd("RPUSH", "l", "a")).reply());
      assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
          c.send(RawClient.cmd("GETEX", "l", "EX", "-1")).reply());
      assertEquals("-ERR syntax error\r\n",
          c.send(RawClient.cmd("GETEX", "missing", "FOO")).reply());
      assertEquals("+OK\r\n", c.send(RawClient.cmd("SET", "k", "v")).reply());
      assertEquals("-ERR invalid expire time in 'getex' command\r\n",
          c.send(RawClient.cmd("GETEX", "k", "EX", "0")).reply());
    }
  }
}
