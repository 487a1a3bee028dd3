package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by Redis's unit/type/hash "HINCRBYFLOAT does not allow NaN or Infinity"):
 * HINCRBYFLOAT with an infinite increment answered INCRBYFLOAT's text ({@code increment would
 * produce NaN or Infinity}); Redis's HINCRBYFLOAT says {@code value is NaN or Infinity}.
 */
class HincrbyfloatInfinityErrorTextTest {
  @Test
  void infiniteIncrementIsRefusedWithRedisText() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertEquals("-ERR value is NaN or Infinity\r\n",
          c.send(RawClient.cmd("HINCRBYFLOAT", "h", "f", "+inf")).reply());
      assertEquals("-ERR increment would produce NaN or Infinity\r\n",
          c.send(RawClient.cmd("INCRBYFLOAT", "k", "+inf")).reply());
      assertEquals(":0\r\n", c.send(RawClient.cmd("EXISTS", "h")).reply());
    }
  }
}
