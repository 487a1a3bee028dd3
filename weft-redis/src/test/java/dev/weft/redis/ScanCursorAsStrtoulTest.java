package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by differential testing against redis-server 7.0): SCAN refused the cursors
 * {@code ""}, {@code +0}, {@code -0} and {@code -1} as invalid; Redis reads the cursor with
 * strtoul, which takes a sign ('-' wraps modulo 2^64) and reads the empty string as 0.
 */
class ScanCursorAsStrtoulTest {
  @Test
  void cursorsAreReadAsStrtoulReadsThem() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      assertEquals("+OK\r\n", c.send(RawClient.cmd("SET", "k", "v")).reply());
      for (String cursor : new String[] {"", "+0", "-0"}) {
        assertEquals("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n",
            c.send(RawClient.cmd("SCAN", cursor)).reply(), cursor);
      }
      assertTrue(c.send(RawClient.cmd("SCAN", "-1")).reply().startsWith("*2\r\n"));
      String invalid = "-ERR invalid cursor\r\n";
      for (String cursor : new String[] {" 0", "0 ", "x", "-", "+", "1.0",
          "18446744073709551616", "-18446744073709551616"}) {
        assertEquals(invalid, c.send(RawClient.cmd("SCAN", cursor)).reply(), cursor);
      }
    }
  }
}
