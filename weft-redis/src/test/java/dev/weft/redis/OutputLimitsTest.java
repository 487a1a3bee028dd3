package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * A client that does not read what it is sent is disconnected once its unsent output passes
 * its limit, and the server's memory for it stays bounded meanwhile; nobody else notices.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OutputLimitsTest {

  /** Watches the largest unsent output any client of {@code server} holds. */
  static Thread watchUnsent(RedisServer server, AtomicLong max, AtomicBoolean stop) {
    Thread t = new Thread(() -> {
      while (!stop.get()) {
        for (Session s : server.state().clients.values()) {
          max.accumulateAndGet(s.unsent + s.mailbox.queued(), Math::max);
        }
        Thread.onSpinWait();
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void aClientThatNeverReadsItsRepliesIsDisconnectedAtTheOutputLimit() throws Exception {
    Limits limits = new Limits();
    limits.normalOutputHard = 8L * 1024 * 1024;
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.MULTI_THREAD, limits, 1);
        Jedis other = new Jedis("127.0.0.1", server.port());
        RawClient greedy = new RawClient(server.port())) {
      other.set("big", "x".repeat(1024 * 1024));
      AtomicLong maxUnsent = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      Thread watcher = watchUnsent(server, maxUnsent, stop);
      boolean cut = false;
      try {
        for (int i = 0; i < 2000; i++) { // asks for 2 GB of replies, reads none
          greedy.send(RawClient.cmd("GET", "big"));
        }
      } catch (IOException expected) {
        cut = true; // reset by the server once it closed the connection
      }
      cut = cut || greedy.closedByServer();
      stop.set(true);
      watcher.join();
      assertTrue(cut, "the greedy client was disconnected");
      assertTrue(maxUnsent.get() <= limits.normalOutputHard + 2 * 1024 * 1024,
          "bounded: at most the limit and one reply unsent, saw " + maxUnsent.get());
      assertEquals("PONG", other.ping(), "other clients are unaffected");
      assertTrue(other.info("stats").contains("client_output_buffer_limit_disconnections:1"));
    }
  }

  @Test
  void aSubscriberThatDoesNotReadIsDisconnectedAt32Megabytes() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.MULTI_THREAD);
        Jedis publisher = new Jedis("127.0.0.1", server.port());
        RawClient subscriber = new RawClient(server.port())) {
      subscriber.send(RawClient.cmd("SUBSCRIBE", "firehose"));
      assertEquals("*3\r\n$9\r\nsubscribe\r\n$8\r\nfirehose\r\n:1\r\n", subscriber.reply());
      AtomicLong maxUnsent = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      Thread watcher = watchUnsent(server, maxUnsent, stop);
      String message = "m".repeat(64 * 1024);
      long delivered = 0;
      while (publisher.publish("firehose", message) == 1) {
        delivered += message.length();
        assertTrue(delivered < 256L * 1024 * 1024, "never cut off");
      }
      stop.set(true);
      watcher.join();
      assertTrue(delivered >= 32L * 1024 * 1024, "not cut before its limit: " + delivered);
      assertTrue(maxUnsent.get() <= 33L * 1024 * 1024,
          "the server held at most the limit for it, saw " + maxUnsent.get());
      assertTrue(subscriber.socket.isConnected());
      assertEquals(0, publisher.publish("firehose", "after"));
      assertEquals("PONG", publisher.ping());
    }
  }
}
