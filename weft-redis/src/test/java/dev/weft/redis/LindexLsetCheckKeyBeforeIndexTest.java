package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): LINDEX and LSET parsed
 * the index before looking the key up, so a non-integer index on a missing key or on a key of
 * another type answered "not an integer" where Redis answers nil, "no such key" or WRONGTYPE.
 */
class LindexLsetCheckKeyBeforeIndexTest {
  @Test
  void theKeyIsCheckedBeforeTheIndex() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      String wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
      assertEquals("$-1\r\n", c.send(RawClient.cmd("LINDEX", "missing", "x")).reply());
      assertEquals("-ERR no such key\r\n",
          c.send(RawClient.cmd("LSET", "missing", "x", "v")).reply());
      assertEquals("+OK\r\n", c.send(RawClient.cmd("SET", "s", "v")).reply());
      assertEquals(wrongType, c.send(RawClient.cmd("LINDEX", "s", "x")).reply());
      assertEquals(wrongType, c.send(RawClient.cmd("LSET", "s", "x", "v")).reply());
      assertEquals(":1\r\n", c.send(RawClient.cmd("RPUSH", "l", "a")).reply());
      String notInt = "-ERR value is not an integer or out of range\r\n";
      assertEquals(notInt, c.send(RawClient.cmd("LINDEX", "l", "x")).reply());
      assertEquals(notInt, c.send(RawClient.cmd("LSET", "l", "x", "v")).reply());
    }
  }
}
