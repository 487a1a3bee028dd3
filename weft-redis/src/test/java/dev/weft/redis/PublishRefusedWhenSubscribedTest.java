package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): PUBLISH was flagged as
 * allowed in subscribed mode, so a subscribed RESP2 client could publish; Redis 7 allows only
 * (P)SUBSCRIBE, (P)UNSUBSCRIBE, PING, QUIT and RESET there and refuses PUBLISH.
 */
class PublishRefusedWhenSubscribedTest {
  @Test
  void publishFromASubscribedClientIsRefused() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertEquals("*3\r\n$9\r\nsubscribe\r\n$2\r\nc1\r\n:1\r\n",
          c.send(RawClient.cmd("SUBSCRIBE", "c1")).reply());
      assertEquals("-ERR Can't execute 'publish': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING"
          + " / QUIT / RESET are allowed in this context\r\n",
          c.send(RawClient.cmd("PUBLISH", "c1", "m")).reply());
      assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", c.send(RawClient.cmd("PING")).reply());
    }
  }
}
