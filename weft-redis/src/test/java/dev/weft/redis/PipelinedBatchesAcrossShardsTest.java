package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection keeps the shard locks of one command for the next command of the same pipelined
 * batch when it names the same shards (Connection#heldMask). What must still hold, with many
 * connections pipelining at once: commands on other shards, on several shards and on the whole
 * keyspace neither deadlock nor lose a write, replies keep their order, and a client blocked in
 * BLPOP is served by a push that sits in the middle of another connection's batch.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipelinedBatchesAcrossShardsTest {
  private static final int CLIENTS = 6;
  private static final int ROUNDS = 400;

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void mixedPipelinesFromManyClientsLoseNothingAndServeABlockedPop(RedisServer.Flavor f)
      throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f);
        RawClient blocked = new RawClient(server.port());
        RawClient check = new RawClient(server.port())) {
      blocked.send(RawClient.cmd("BLPOP", "wake", "30"));
      Concurrently.run(CLIENTS, id -> pipeline(server.port(), id));
      assertEquals("*2\r\n$4\r\nwake\r\n$4\r\nfrom\r\n", blocked.reply(),
          "the push in the middle of client 0's batch serves the blocked BLPOP");
      check.send(RawClient.cmd("LLEN", "shared") + RawClient.cmd("GET", "counter")
          + RawClient.cmd("EXISTS", "wake"));
      assertEquals(":" + CLIENTS * ROUNDS + "\r\n", check.reply());
      String total = Integer.toString(CLIENTS * ROUNDS);
      assertEquals("$" + total.length() + "\r\n" + total + "\r\n", check.reply());
      assertEquals(":0\r\n", check.reply(), "the pushed element went to the blocked client");
    }
  }

  /** One client: ROUNDS rounds of commands on one, several and every shard, in one pipeline. */
  private static void pipeline(int port, int id) throws Exception {
    try (RawClient c = new RawClient(port)) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < ROUNDS; i++) {
        String a = "a:" + id + ":" + i;
        String b = "b:" + id + ":" + i;
        batch.append(RawClient.cmd("LPUSH", "shared", "x"))
            .append(RawClient.cmd("LPUSH", "shared", "y"))
            .append(RawClient.cmd("LPOP", "shared"))
            .append(RawClient.cmd("INCR", "counter"))
            .append(RawClient.cmd("MSET", a, "1", b, "2"))
            .append(RawClient.cmd("GET", b))
            .append(RawClient.cmd("DBSIZE"));
        if (id == 0 && i == ROUNDS / 2) {
          batch.append(RawClient.cmd("LPUSH", "wake", "from"));
        }
      }
      c.send(batch.toString());
      for (int i = 0; i < ROUNDS; i++) {
        assertTrue(c.reply().startsWith(":"), "LPUSH");
        assertTrue(c.reply().startsWith(":"), "LPUSH");
        String popped = c.reply();
        assertTrue(popped.equals("$1\r\nx\r\n") || popped.equals("$1\r\ny\r\n"), popped);
        assertTrue(c.reply().startsWith(":"), "INCR");
        assertEquals("+OK\r\n", c.reply(), "MSET");
        assertEquals("$1\r\n2\r\n", c.reply(), "GET sees this client's own MSET");
        assertTrue(c.reply().startsWith(":"), "DBSIZE");
        if (id == 0 && i == ROUNDS / 2) {
          assertEquals(":1\r\n", c.reply(), "LPUSH wake counts the element before BLPOP takes it");
        }
      }
    }
  }
}
