package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): COMMAND COUNT answered
 * its count whatever arguments followed; Redis refuses extra arguments with the arity error of
 * {@code command|count}.
 */
class CommandCountArityTest {
  @Test
  void commandCountTakesNoArgument() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertTrue(c.send(RawClient.cmd("COMMAND", "COUNT")).reply().startsWith(":"));
      assertEquals("-ERR wrong number of arguments for 'command|count' command\r\n",
          c.send(RawClient.cmd("COMMAND", "COUNT", "x")).reply());
    }
  }
}
