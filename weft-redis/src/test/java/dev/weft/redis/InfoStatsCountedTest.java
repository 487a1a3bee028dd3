package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * INFO's keyspace_hits, keyspace_misses and total_commands_processed. The hit and miss counts
 * live on the shards (guarded by their locks) and a connection adds its commands to the total
 * once a batch, so what must hold: every GET from many pipelining clients counts exactly once
 * on whichever shard its key is, and INFO sees the commands before it in its own pipeline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InfoStatsCountedTest {
  private static final int CLIENTS = 4;
  private static final int KEYS = 300;

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void hitsMissesAndCommandsAreCountedExactlyOnce(RedisServer.Flavor f) throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f);
        RawClient check = new RawClient(server.port())) {
      long before = stat(check, "total_commands_processed"); // counts this INFO
      Concurrently.run(CLIENTS, id -> oneClient(server.port(), id));
      // each client: KEYS SETs, then GETs of those KEYS (hits) and of KEYS absent keys (misses)
      assertEquals(CLIENTS * KEYS, stat(check, "keyspace_hits"));
      assertEquals(CLIENTS * KEYS, stat(check, "keyspace_misses"));
      long after = stat(check, "total_commands_processed");
      assertEquals(before + CLIENTS * 3L * KEYS + 3, after,
          "every command of every client, and the three INFOs since the first, once each");

      // INFO counts the commands ahead of it in its own pipelined batch (and itself)
      check.send(RawClient.cmd("PING") + RawClient.cmd("PING") + RawClient.cmd("INFO", "stats"));
      assertEquals("+PONG\r\n", check.reply());
      assertEquals("+PONG\r\n", check.reply());
      assertEquals(after + 3, field(check.reply(), "total_commands_processed"));
    }
  }

  private static void oneClient(int port, int id) throws Exception {
    try (RawClient c = new RawClient(port)) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < KEYS; i++) {
        batch.append(RawClient.cmd("SET", "k:" + id + ":" + i, "v" + i));
      }
      for (int i = 0; i < KEYS; i++) {
        batch.append(RawClient.cmd("GET", "k:" + id + ":" + i))
            .append(RawClient.cmd("GET", "absent:" + id + ":" + i));
      }
      c.send(batch.toString());
      for (int i = 0; i < KEYS; i++) {
        assertEquals("+OK\r\n", c.reply());
      }
      for (int i = 0; i < KEYS; i++) {
        String v = "v" + i;
        assertEquals("$" + v.length() + "\r\n" + v + "\r\n", c.reply());
        assertEquals("$-1\r\n", c.reply());
      }
    }
  }

  private static long stat(RawClient c, String name) throws Exception {
    c.send(RawClient.cmd("INFO", "stats"));
    return field(c.reply(), name);
  }

  private static long field(String info, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ":(\\d+)\r?$").matcher(info);
    assertTrue(m.find(), name + " in " + info);
    return Long.parseLong(m.group(1));
  }
}
