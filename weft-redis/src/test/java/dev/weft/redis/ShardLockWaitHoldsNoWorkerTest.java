package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A command whose keyspace shard is locked by another thread waits for it without holding its
 * worker: the worker serves other connections meanwhile, and the shard's unlock wakes the
 * waiting connection, which runs its commands in order. Here the test thread holds the shard
 * while more connections than the runtime has workers send commands on it; a worker that
 * waited on the lock itself (the old way) would leave the PING of another client unanswered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShardLockWaitHoldsNoWorkerTest {
  private static final int WAITING_CLIENTS = 4;

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void aBusyShardDelaysOnlyTheCommandsOnIt(RedisServer.Flavor f) throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f)) {
      Keyspace ks = server.keyspace();
      List<RawClient> waiting = new ArrayList<>();
      try (RawClient other = new RawClient(server.port())) {
        long mask = 0;
        for (int i = 0; i < WAITING_CLIENTS; i++) {
          mask |= 1L << ks.shardIndex(key(i));
        }
        ks.lock(mask);
        boolean locked = true;
        try {
          for (int i = 0; i < WAITING_CLIENTS; i++) {
            RawClient c = new RawClient(server.port());
            waiting.add(c);
            String k = new String(key(i), StandardCharsets.UTF_8);
            c.send(RawClient.cmd("SET", k, "v" + i) + RawClient.cmd("INCR", "n:" + i)
                + RawClient.cmd("GET", k));
          }
          Thread.sleep(200); // let every connection reach the locked shard
          other.send(RawClient.cmd("PING") + RawClient.cmd("ECHO", "still served"));
          assertEquals("+PONG\r\n", other.reply(), "a worker sat waiting for the shard lock");
          assertEquals("$12\r\nstill served\r\n", other.reply());
          for (int i = 0; i < WAITING_CLIENTS; i++) {
            assertNull(ks.shard(key(i)).dict.get(key(i)), "a SET ran while its shard was locked");
          }
          ks.unlock(mask);
          locked = false;
          for (int i = 0; i < WAITING_CLIENTS; i++) {
            RawClient c = waiting.get(i);
            assertEquals("+OK\r\n", c.reply(), "client " + i);
            assertEquals(":1\r\n", c.reply(), "client " + i);
            assertEquals("$2\r\nv" + i + "\r\n", c.reply(), "client " + i);
          }
          other.send(RawClient.cmd("DBSIZE"));
          assertEquals(":" + 2 * WAITING_CLIENTS + "\r\n", other.reply());
        } finally {
          if (locked) {
            ks.unlock(mask);
          }
          for (RawClient c : waiting) {
            c.close();
          }
        }
      }
    }
  }

  /**
   * Many connections contending for a few shards: every wait for a busy shard must end in a
   * wake-up (a lost one leaves its client without replies until the read times out), and no
   * increment is lost or run twice.
   */
  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void contendedShardsLoseNoWakeUpAndNoWrite(RedisServer.Flavor f) throws Exception {
    int clients = 8;
    int rounds = 3_000;
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f)) {
      Concurrently.run(clients, id -> {
        try (RawClient c = new RawClient(server.port())) {
          StringBuilder batch = new StringBuilder();
          for (int i = 0; i < rounds; i++) {
            batch.append(RawClient.cmd("INCR", "hot:a")).append(RawClient.cmd("INCR", "hot:b"))
                .append(RawClient.cmd("INCR", "own:" + id));
            if (i % 100 == 99) { // a pipeline of 300 commands, its replies read in order
              c.send(batch.toString());
              batch.setLength(0);
              for (int k = i - 99; k <= i; k++) {
                c.reply();
                c.reply();
                assertEquals(":" + (k + 1) + "\r\n", c.reply(), "client " + id);
              }
            }
          }
        }
      });
      try (RawClient check = new RawClient(server.port())) {
        check.send(RawClient.cmd("MGET", "hot:a", "hot:b"));
        String total = Integer.toString(clients * rounds);
        String bulk = "$" + total.length() + "\r\n" + total + "\r\n";
        assertEquals("*2\r\n" + bulk + bulk, check.reply());
      }
    }
  }

  private static byte[] key(int i) {
    return ("held:" + i).getBytes(StandardCharsets.UTF_8);
  }
}
