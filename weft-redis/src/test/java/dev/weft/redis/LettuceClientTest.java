package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lettuce, a Netty-based Redis client, against weft-redis. Lettuce opens with {@code HELLO 3};
 * weft-redis answers {@code -NOPROTO} as a RESP2-only Redis would, and Lettuce goes on in RESP2.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LettuceClientTest {

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void syncAsyncAndPubSub(RedisServer.Flavor f) throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f)) {
      RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
      try (StatefulRedisConnection<String, String> conn = client.connect()) {
        RedisCommands<String, String> r = conn.sync();
        assertEquals("PONG", r.ping());
        assertEquals("OK", r.set("k", "v", SetArgs.Builder.ex(100)));
        assertEquals("v", r.get("k"));
        assertTrue(r.ttl("k") > 90);
        assertEquals(5L, r.incrby("c", 5));
        assertEquals(List.of(KeyValue.just("k", "v"), KeyValue.empty("nope")),
            r.mget("k", "nope"));
        assertEquals(2L, r.rpush("l", "a", "b"));
        assertEquals(KeyValue.just("l", "a"), r.blpop(1, "l"));
        assertEquals(true, r.hset("h", "f", "v"));
        assertEquals("v", r.hget("h", "f"));
        assertNull(r.get("missing"));
        assertEquals("7.0.15", parse(r.info("server"), "redis_version"));
        r.clientSetname("lettuce-test");
        assertEquals("lettuce-test", r.clientGetname());

        // Pipelining: commands queued without flushing, then flushed at once.
        RedisAsyncCommands<String, String> a = conn.async();
        conn.setAutoFlushCommands(false);
        List<RedisFuture<Long>> fs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
          fs.add(a.incr("pipelined"));
        }
        conn.flushCommands();
        assertTrue(LettuceFutures.awaitAll(Duration.ofSeconds(30), fs.toArray(new RedisFuture[0])));
        for (int i = 0; i < fs.size(); i++) {
          assertEquals(i + 1, fs.get(i).get());
        }
        conn.setAutoFlushCommands(true);
      }

      try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
          StatefulRedisConnection<String, String> pub = client.connect()) {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        sub.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            got.add(channel + "=" + message);
          }

          @Override
          public void message(String pattern, String channel, String message) {
            got.add(pattern + ":" + channel + "=" + message);
          }
        });
        sub.sync().subscribe("ch");
        sub.sync().psubscribe("c*");
        assertEquals(2L, pub.sync().publish("ch", "m1"));
        List<String> two = List.of(got.poll(10, TimeUnit.SECONDS), got.poll(10, TimeUnit.SECONDS));
        assertTrue(two.containsAll(List.of("ch=m1", "c*:ch=m1")), two.toString());
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }

  static String parse(String info, String field) {
    for (String line : info.split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return null;
  }
}
