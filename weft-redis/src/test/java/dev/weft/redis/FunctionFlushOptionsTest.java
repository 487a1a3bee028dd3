package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): FUNCTION FLUSH answered
 * OK whatever followed it; Redis takes only SYNC or ASYNC, and at most one of them.
 */
class FunctionFlushOptionsTest {
  @Test
  void functionFlushTakesOnlySyncOrAsync() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertEquals("+OK\r\n", c.send(RawClient.cmd("FUNCTION", "FLUSH")).reply());
      assertEquals("+OK\r\n", c.send(RawClient.cmd("FUNCTION", "FLUSH", "sync")).reply());
      assertEquals("+OK\r\n", c.send(RawClient.cmd("function", "flush", "ASYNC")).reply());
      assertEquals("-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n",
          c.send(RawClient.cmd("FUNCTION", "FLUSH", "FOO")).reply());
      assertEquals("-ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try"
          + " FUNCTION HELP.\r\n",
          c.send(RawClient.cmd("FUNCTION", "FLUSH", "SYNC", "x")).reply());
    }
  }
}
