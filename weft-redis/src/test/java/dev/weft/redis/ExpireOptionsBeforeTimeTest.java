package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): EXPIRE and its kin
 * parsed the time before the NX/XX/GT/LT options, so a bad time with bad options answered "not
 * an integer" where Redis first reports the options.
 */
class ExpireOptionsBeforeTimeTest {
  @Test
  void optionErrorsComeBeforeTheTimeError() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertEquals("+OK\r\n", c.send(RawClient.cmd("SET", "k", "v")).reply());
      assertEquals("-ERR Unsupported option FOO\r\n",
          c.send(RawClient.cmd("EXPIRE", "k", "x", "FOO")).reply());
      assertEquals("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
          c.send(RawClient.cmd("PEXPIRE", "k", "x", "NX", "XX")).reply());
      assertEquals("-ERR GT and LT options at the same time are not compatible\r\n",
          c.send(RawClient.cmd("EXPIREAT", "missing", "x", "GT", "LT")).reply());
      assertEquals("-ERR value is not an integer or out of range\r\n",
          c.send(RawClient.cmd("PEXPIREAT", "k", "x", "NX")).reply());
      assertEquals(":1\r\n", c.send(RawClient.cmd("EXPIRE", "k", "100", "NX")).reply());
    }
  }
}
