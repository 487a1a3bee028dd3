package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection parses up to sixteen pipelined requests before running the first, and touches
 * their keys so that the lookups' cache misses overlap (Connection#parseAhead, Keyspace#touch).
 * What must not change: replies in order, a protocol error answered only after every request
 * before it, nothing after QUIT or after a blocking pop run early, and the unlocked reads of
 * the tables never failing while another thread resizes them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParsedAheadBatchTest {

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void protocolErrorAfterManyRequestsIsAnsweredAfterAllOfThem(RedisServer.Flavor f)
      throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f);
        RawClient c = new RawClient(server.port())) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        batch.append(RawClient.cmd("SET", "k" + i, "v" + i)).append(RawClient.cmd("GET", "k" + i));
      }
      c.send(batch + "*1\r\n$4\r\nPING\r\n*x\r\n");
      for (int i = 0; i < 40; i++) {
        assertEquals("+OK\r\n", c.reply(), "SET " + i);
        String v = "v" + i;
        assertEquals("$" + v.length() + "\r\n" + v + "\r\n", c.reply(), "GET " + i);
      }
      assertEquals("+PONG\r\n", c.reply());
      assertEquals("-ERR Protocol error: invalid multibulk length\r\n", c.reply());
      assertTrue(c.closedByServer());
    }
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void nothingAfterQuitRuns(RedisServer.Flavor f) throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f);
        RawClient check = new RawClient(server.port())) {
      try (RawClient c = new RawClient(server.port())) {
        c.send(RawClient.cmd("SET", "before", "1") + RawClient.cmd("QUIT")
            + RawClient.cmd("SET", "after", "1") + RawClient.cmd("INCR", "after"));
        assertEquals("+OK\r\n", c.reply());
        assertEquals("+OK\r\n", c.reply());
        assertTrue(c.closedByServer());
      }
      check.send(RawClient.cmd("EXISTS", "before", "after"));
      assertEquals(":1\r\n", check.reply(), "only the SET before QUIT ran");
    }
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void requestsAfterABlockingPopWaitForIt(RedisServer.Flavor f) throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f);
        RawClient c = new RawClient(server.port());
        RawClient other = new RawClient(server.port())) {
      c.send(RawClient.cmd("SET", "first", "1") + RawClient.cmd("BLPOP", "list", "0")
          + RawClient.cmd("SET", "after", "1") + RawClient.cmd("GET", "after"));
      assertEquals("+OK\r\n", c.reply());
      // While c is blocked, the SET parsed with the BLPOP has not run.
      for (int i = 0; i < 5; i++) {
        other.send(RawClient.cmd("EXISTS", "first", "after"));
        assertEquals(":1\r\n", other.reply());
        Thread.sleep(20);
      }
      other.send(RawClient.cmd("RPUSH", "list", "x"));
      assertEquals(":1\r\n", other.reply());
      assertEquals("*2\r\n$4\r\nlist\r\n$1\r\nx\r\n", c.reply());
      assertEquals("+OK\r\n", c.reply());
      assertEquals("$1\r\n1\r\n", c.reply());
    }
  }

  @Test
  void touchingWhileAnotherThreadResizesNeverFails() throws Exception {
    Keyspace ks = new Keyspace(4);
    byte[][] keys = new byte[16][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ("key:" + i * 37).getBytes(StandardCharsets.US_ASCII);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        // grows every shard's table from 16 buckets to thousands and back, again and again
        for (int round = 0; round < 40 && failure.get() == null; round++) {
          for (int i = 0; i < 20_000; i++) {
            byte[] k = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            ks.lock(ks.allShards());
            try {
              if (round % 2 == 0) {
                ks.put(k, k);
              } else {
                ks.delete(k);
              }
            } finally {
              ks.unlock(ks.allShards());
            }
          }
        }
      } catch (Throwable t) {
        failure.set(t);
      } finally {
        stop.set(true);
      }
    });
    writer.start();
    Object[] scratch = new Object[16];
    long touches = 0;
    try {
      while (!stop.get()) {
        ks.touch(keys, keys.length, scratch);
        touches++;
      }
    } finally {
      writer.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("the writer failed", failure.get());
    }
    assertTrue(touches > 0);
    for (Object o : scratch) {
      assertEquals(null, o, "touch leaves no entry behind in its scratch array");
    }
    ks.lock(ks.allShards());
    try {
      assertEquals(0, ks.size(), "every key added was removed");
    } finally {
      ks.unlock(ks.allShards());
    }
  }
}
