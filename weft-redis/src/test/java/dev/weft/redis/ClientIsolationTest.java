package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/** Many clients at once, a slow one among them: each is served on its own. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientIsolationTest {

  /**
   * 500 clients connected at once, each incrementing a shared counter and writing its own key:
   * every increment counts, and every acknowledged SET is read back by a later GET.
   */
  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void fiveHundredConcurrentClients(RedisServer.Flavor f) throws Exception {
    int clients = 500;
    int rounds = 20;
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      java.util.concurrent.CountDownLatch allConnected = new java.util.concurrent.CountDownLatch(
          clients);
      List<Future<Void>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int id = c;
        done.add(threads.submit(() -> {
          try (RawClient r = new RawClient(server.port())) {
            allConnected.countDown();
            allConnected.await(60, TimeUnit.SECONDS); // all 500 connections open together
            for (int i = 0; i < rounds; i++) {
              String v = id + ":" + i;
              r.send(RawClient.cmd("INCR", "shared") + RawClient.cmd("SET", "own:" + id, v));
              assertTrue(r.reply().startsWith(":"));
              assertEquals("+OK\r\n", r.reply());
              r.send(RawClient.cmd("GET", "own:" + id));
              assertEquals("$" + v.length() + "\r\n" + v + "\r\n", r.reply());
            }
          }
          return null;
        }));
      }
      for (Future<Void> d : done) {
        d.get(100, TimeUnit.SECONDS);
      }
      try (Jedis j = new Jedis("127.0.0.1", server.port())) {
        assertEquals(String.valueOf(clients * rounds), j.get("shared"));
        assertEquals(clients + 1, j.dbSize());
      }
    }
  }

  /**
   * A client that sends its request one byte per second holds only its own connection: twenty
   * other clients run thousands of commands meanwhile, each answered quickly, and the slow
   * client gets its answer when its request is complete.
   */
  @Test
  void aClientSendingOneBytePerSecondDelaysNobody() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.MULTI_THREAD);
        ExecutorService threads = Executors.newCachedThreadPool();
        RawClient slow = new RawClient(server.port())) {
      byte[] request = "PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Future<Long> slowDone = threads.submit(() -> {
        for (byte b : request) {
          slow.send(new byte[] {b});
          Thread.sleep(1000);
        }
        assertEquals("+PONG\r\n", slow.reply());
        return System.nanoTime();
      });
      AtomicLong worstNanos = new AtomicLong();
      List<Future<Long>> fast = new ArrayList<>();
      for (int c = 0; c < 20; c++) {
        int id = c;
        fast.add(threads.submit(() -> {
          try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            for (int i = 0; i < 1000; i++) {
              long t0 = System.nanoTime();
              j.set("fast:" + id, String.valueOf(i));
              worstNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
            }
          }
          return System.nanoTime();
        }));
      }
      long lastFast = 0;
      for (Future<Long> d : fast) {
        lastFast = Math.max(lastFast, d.get(60, TimeUnit.SECONDS));
      }
      long slowEnd = slowDone.get(60, TimeUnit.SECONDS);
      assertTrue(lastFast < slowEnd, "the fast clients finished while the slow one was typing");
      assertTrue(worstNanos.get() < TimeUnit.SECONDS.toNanos(2),
          "no fast command waited for the slow client: worst " + worstNanos.get() / 1e6 + " ms");
    }
  }
}
