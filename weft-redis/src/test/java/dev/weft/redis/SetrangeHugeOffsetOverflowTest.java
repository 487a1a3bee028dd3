package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by Redis's unit/type/string "SETRANGE with huge offset"): SETRANGE checked
 * {@code offset + length} against the 512 MB string limit after adding them as longs, so an
 * offset near {@code Long.MAX_VALUE} wrapped to a negative total, passed the check, and the copy
 * failed with an ArrayIndexOutOfBoundsException answered as an internal error instead of
 * Redis's {@code string exceeds maximum allowed size}.
 */
class SetrangeHugeOffsetOverflowTest {
  @Test
  void hugeOffsetsAreRefusedWithTheMaximumSizeError() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      String tooBig = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
      for (String key : new String[] {"absent", "present"}) {
        if (key.equals("present")) {
          assertEquals("+OK\r\n", c.send(RawClient.cmd("SET", key, "abc")).reply());
        }
        assertEquals(tooBig, c.send(RawClient.cmd("SETRANGE", key, "9223372036854775807", "A"))
            .reply());
        assertEquals(tooBig, c.send(RawClient.cmd("SETRANGE", key, "536870912", "A")).reply());
      }
      assertEquals(":536870912\r\n",
          c.send(RawClient.cmd("SETRANGE", "edge", "536870911", "A")).reply());
    }
  }
}
