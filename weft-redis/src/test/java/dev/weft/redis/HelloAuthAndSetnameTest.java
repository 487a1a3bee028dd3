package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regressions (found by differential testing against redis-server 7.0) in HELLO's options:
 * {@code AUTH default <password>} was refused, where Redis's default user (nopass) takes any
 * password; and a SETNAME followed by a bad option was dropped, where Redis has already set it.
 */
class HelloAuthAndSetnameTest {
  @Test
  void helloOptionsActAsRedisDefaultAclDoes() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertTrue(c.send(RawClient.cmd("HELLO", "2", "AUTH", "default", "anything")).reply()
          .startsWith("*14\r\n"));
      String wrongPass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
      assertEquals(wrongPass, c.send(RawClient.cmd("HELLO", "2", "AUTH", "bob", "x")).reply());
      assertEquals(wrongPass,
          c.send(RawClient.cmd("HELLO", "2", "AUTH", "DEFAULT", "x")).reply());
      assertEquals("-ERR Syntax error in HELLO option 'FOO'\r\n",
          c.send(RawClient.cmd("HELLO", "2", "SETNAME", "n1", "FOO")).reply());
      assertEquals("$2\r\nn1\r\n", c.send(RawClient.cmd("CLIENT", "GETNAME")).reply());
    }
  }
}
