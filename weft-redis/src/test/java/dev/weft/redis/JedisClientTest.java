package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/** Jedis, a real Java Redis client, against weft-redis on both runtimes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JedisClientTest {
  static RedisServer start(RedisServer.Flavor f) {
    return RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f);
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void stringsAndKeys(RedisServer.Flavor f) {
    try (RedisServer server = start(f); Jedis j = new Jedis("127.0.0.1", server.port())) {
      assertEquals("PONG", j.ping());
      assertEquals("OK", j.set("k", "v"));
      assertEquals("v", j.get("k"));
      assertNull(j.get("missing"));
      assertEquals(1, j.setnx("n", "10"));
      assertEquals(0, j.setnx("n", "11"));
      assertEquals(11, j.incr("n"));
      assertEquals(6, j.decrBy("n", 5));
      assertEquals(7.5, j.incrByFloat("n", 1.5), 1e-9);
      assertEquals("v", j.getSet("k", "w"));
      assertEquals(List.of("w", "7.5"), j.mget("k", "n"));
      assertEquals("OK", j.mset("a", "1", "b", "2"));
      assertEquals(0, j.msetnx("a", "x", "c", "3"));
      assertEquals(5, j.append("a", "2345"));
      assertEquals("234", j.getrange("a", 1, 3));
      assertEquals(5, j.strlen("a"));
      assertEquals(7, j.setrange("a", 5, "67"));
      assertEquals("1234567", j.get("a"));
      assertNull(j.set("a", "z", SetParams.setParams().nx()));
      assertEquals("1234567", j.setGet("a", "z"));
      assertEquals("z", j.getDel("a"));
      assertFalse(j.exists("a"));
      assertEquals("string", j.type("k"));
      assertEquals("none", j.type("nothing"));
      assertEquals(Set.of("b", "k", "n"), j.keys("*"));
      assertEquals("OK", j.rename("b", "b2"));
      assertEquals(0, j.renamenx("b2", "k"));
      assertEquals(3, j.dbSize());
      assertEquals(2, j.del("b2", "k", "nothing"));
      // binary-safe keys and values
      byte[] bin = {0, 1, (byte) 0xff, '\r', '\n', 0};
      assertEquals("OK", j.set(bin, bin));
      assertEquals(bin.length, j.get(bin).length);
      assertTrue(java.util.Arrays.equals(bin, j.get(bin)));
      JedisDataException e = assertThrows(JedisDataException.class, () -> j.incr("n"));
      assertEquals("ERR value is not an integer or out of range", e.getMessage());
      j.lpush("alist", "x");
      e = assertThrows(JedisDataException.class, () -> j.get("alist"));
      assertTrue(e.getMessage().startsWith("WRONGTYPE"));
      assertEquals("OK", j.flushAll());
      assertEquals(0, j.dbSize());
      assertTrue(j.info("server").contains("redis_version:7.0.15"));
    }
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void expiry(RedisServer.Flavor f) throws Exception {
    try (RedisServer server = start(f); Jedis j = new Jedis("127.0.0.1", server.port())) {
      j.set("t", "v", SetParams.setParams().px(150));
      long pttl = j.pttl("t");
      assertTrue(pttl > 0 && pttl <= 150, "pttl " + pttl);
      assertEquals(-1, j.ttl(j.set("p", "v") == null ? "" : "p"));
      assertEquals(1, j.expire("p", 100));
      assertEquals(100, j.ttl("p"));
      assertEquals(1, j.persist("p"));
      assertEquals(-1, j.ttl("p"));
      assertEquals(-2, j.ttl("nothing"));
      Thread.sleep(250);
      assertNull(j.get("t"), "lazily expired on access");
      // keys nobody reads go by the active sweep
      for (int i = 0; i < 200; i++) {
        j.psetex("sweep" + i, 50, "v");
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (j.dbSize() > 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1, j.dbSize(), "the active sweep removed the expired keys");
      assertTrue(j.info("stats").contains("expired_keys:"));
    }
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void listsHashesAndScan(RedisServer.Flavor f) {
    try (RedisServer server = start(f); Jedis j = new Jedis("127.0.0.1", server.port())) {
      assertEquals(3, j.rpush("l", "a", "b", "c"));
      assertEquals(4, j.lpush("l", "z"));
      assertEquals(List.of("z", "a", "b", "c"), j.lrange("l", 0, -1));
      assertEquals("b", j.lindex("l", -2));
      assertEquals("OK", j.lset("l", 0, "y"));
      assertEquals(5, j.linsert("l", redis.clients.jedis.args.ListPosition.AFTER, "a", "a2"));
      assertEquals(1, j.lrem("l", 0, "a2"));
      assertEquals("OK", j.ltrim("l", 1, -1));
      assertEquals(List.of("a", "b", "c"), j.lrange("l", 0, -1));
      assertEquals(List.of("c", "b"), j.rpop("l", 2));
      assertEquals("a", j.lpop("l"));
      assertFalse(j.exists("l"));
      assertEquals(0, j.lpushx("l", "x"));
      assertEquals(2, j.hset("h", Map.of("f1", "v1", "f2", "v2")));
      assertEquals("v1", j.hget("h", "f1"));
      assertEquals(0, j.hsetnx("h", "f1", "x"));
      assertEquals(10, j.hincrBy("h", "n", 10));
      assertEquals(Map.of("f1", "v1", "f2", "v2", "n", "10"), j.hgetAll("h"));
      assertEquals(Arrays.asList("v2", null), j.hmget("h", "f2", "nope"));
      assertEquals(1, j.hdel("h", "f2"));
      assertEquals(2, j.hlen("h"));
      assertTrue(j.hexists("h", "n"));
      assertEquals(Set.of("f1", "n"), j.hkeys("h"));
      assertEquals(List.of("v1", "10"), j.hvals("h"));
      for (int i = 0; i < 500; i++) {
        j.set("scan:" + i, "v");
      }
      Set<String> seen = new java.util.HashSet<>();
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> r = j.scan(cursor, new ScanParams().match("scan:*").count(50));
        seen.addAll(r.getResult());
        cursor = r.getCursor();
      } while (!cursor.equals("0"));
      assertEquals(500, seen.size());
    }
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void blockedPopsAreServedByPushesInArrivalOrder(RedisServer.Flavor f) throws Exception {
    try (RedisServer server = start(f); Jedis pusher = new Jedis("127.0.0.1", server.port());
        java.util.concurrent.ExecutorService threads =
            java.util.concurrent.Executors.newCachedThreadPool()) {
      int n = 5;
      List<CompletableFuture<List<String>>> waiting = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        Jedis c = new Jedis("127.0.0.1", server.port());
        waiting.add(CompletableFuture.supplyAsync(() -> {
          try (c) {
            return c.blpop(0, "queue");
          }
        }, threads));
        // wait until this client is blocked before the next one arrives
        long deadline = System.currentTimeMillis() + 10_000;
        while (blocked(pusher) < i + 1 && System.currentTimeMillis() < deadline) {
          Thread.sleep(5);
        }
        assertEquals(i + 1, blocked(pusher));
      }
      for (int i = 0; i < n; i++) {
        pusher.rpush("queue", "item" + i);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(List.of("queue", "item" + i), waiting.get(i).get(10, TimeUnit.SECONDS));
      }
      assertEquals(0, pusher.llen("queue"));
      long start = System.nanoTime();
      assertNull(pusher.brpop(0.2, "empty"), "a timeout answers nil");
      assertTrue(System.nanoTime() - start >= 190_000_000L);
    }
  }

  static long blocked(Jedis j) {
    for (String line : j.info("clients").split("\r\n")) {
      if (line.startsWith("blocked_clients:")) {
        return Long.parseLong(line.substring("blocked_clients:".length()));
      }
    }
    return -1;
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void pipelining(RedisServer.Flavor f) {
    try (RedisServer server = start(f); Jedis j = new Jedis("127.0.0.1", server.port())) {
      Pipeline p = j.pipelined();
      List<Response<Long>> rs = new java.util.ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        rs.add(p.incr("counter"));
      }
      p.sync();
      for (int i = 0; i < rs.size(); i++) {
        assertEquals(i + 1, rs.get(i).get());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void pubSub(RedisServer.Flavor f) throws Exception {
    try (RedisServer server = start(f); Jedis pub = new Jedis("127.0.0.1", server.port());
        Jedis sub = new Jedis("127.0.0.1", server.port())) {
      List<String> got = new CopyOnWriteArrayList<>();
      CountDownLatch subscribed = new CountDownLatch(2);
      CountDownLatch received = new CountDownLatch(3);
      JedisPubSub listener = new JedisPubSub() {
        @Override
        public void onMessage(String channel, String message) {
          got.add(channel + "=" + message);
          received.countDown();
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
          got.add(pattern + ":" + channel + "=" + message);
          received.countDown();
        }

        @Override
        public void onSubscribe(String channel, int count) {
          subscribed.countDown();
        }

        @Override
        public void onPSubscribe(String pattern, int count) {
          subscribed.countDown();
        }
      };
      Thread t = new Thread(() -> sub.subscribe(listener, "news"));
      t.start();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!listener.isSubscribed() && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      listener.psubscribe("n*");
      assertTrue(subscribed.await(10, TimeUnit.SECONDS));
      assertEquals(2, pub.publish("news", "hello"));
      assertEquals(1, pub.publish("nope", "x"));
      assertEquals(0, pub.publish("other", "y"));
      assertTrue(received.await(10, TimeUnit.SECONDS));
      listener.unsubscribe();
      listener.punsubscribe();
      t.join(10_000);
      assertTrue(got.containsAll(List.of("news=hello", "n*:news=hello", "n*:nope=x")), "" + got);
      assertEquals(3, got.size());
      assertEquals("PONG", sub.ping(), "back to normal mode");
      assertEquals(new String("ok".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
          sub.echo("ok"));
    }
  }
}
