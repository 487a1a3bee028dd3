package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every malformed request gets Redis's error reply and a closed connection; well-formed requests
 * before it in the same packet are answered first, and other clients never notice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProtocolErrorsTest {
  static RedisServer server;

  @BeforeAll
  static void start() {
    server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.MULTI_THREAD);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "*3000000000\\r\\n          | -ERR Protocol error: invalid multibulk length",
      "*1048577\\r\\n             | -ERR Protocol error: invalid multibulk length",
      "*20\\r\\nx                 | ",
      "*x\\r\\n                   | -ERR Protocol error: invalid multibulk length",
      "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nx\\r\\nfoo\\r\\n | -ERR Protocol error: expected '$', got 'f'",
      "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nx\\r\\n$-10\\r\\n | -ERR Protocol error: invalid bulk length",
      "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nx\\r\\n$2000000000\\r\\n | "
          + "-ERR Protocol error: invalid bulk length",
      "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nx\\r\\n$536870913\\r\\n | "
          + "-ERR Protocol error: invalid bulk length",
      "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nx\\r\\n$blabla\\r\\n | "
          + "-ERR Protocol error: invalid bulk length",
      "set \"x y\\r\\n              | -ERR Protocol error: unbalanced quotes in request",
      "set 'x'y z\\r\\n             | -ERR Protocol error: unbalanced quotes in request",
  })
  void malformedRequestIsAnsweredThenClosed(String request, String expected) throws Exception {
    String wire = request.trim().replace("\\r\\n", "\r\n");
    try (RawClient c = new RawClient(server.port())) {
      c.send(RawClient.cmd("PING") + wire);
      assertEquals("+PONG\r\n", c.reply(), "the request before the bad one is answered");
      if (expected == null) {
        // "*20\r\nx": Redis waits for a header line that never ends; so do we, and PING on
        // another connection still works.
        try (RawClient other = new RawClient(server.port())) {
          assertEquals("+PONG\r\n", other.send(RawClient.cmd("PING")).reply());
        }
        return;
      }
      assertEquals(expected.trim() + "\r\n", c.reply());
      assertTrue(c.closedByServer(), "the connection is closed after a protocol error");
    }
  }

  @Test
  void tooBigInlineRequestIsRefusedBeforeItsEnd() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("a".repeat(64 * 1024 + 100));
      assertEquals("-ERR Protocol error: too big inline request\r\n", c.reply());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void tooBigBulkHeaderIsRefusedBeforeItsEnd() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("*1\r\n$" + "1".repeat(64 * 1024 + 100));
      assertEquals("-ERR Protocol error: too big bulk count string\r\n", c.reply());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void tooBigMultibulkHeaderIsRefusedBeforeItsEnd() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("*" + "1".repeat(64 * 1024 + 100));
      assertEquals("-ERR Protocol error: too big mbulk count string\r\n", c.reply());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void aLargeDeclaredBulkIsNotAllocatedUpFront() throws Exception {
    // 500 clients each announce a 512 MB argument and send 1 byte of it: if the server
    // allocated what the headers declare it would need 250 GB; it allocates as bytes arrive.
    java.util.List<RawClient> liars = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 500; i++) {
        RawClient c = new RawClient(server.port());
        c.send("*2\r\n$3\r\nGET\r\n$" + (512 * 1024 * 1024) + "\r\nx");
        liars.add(c);
      }
      try (RawClient c = new RawClient(server.port())) {
        assertEquals("+PONG\r\n", c.send(RawClient.cmd("PING")).reply());
      }
    } finally {
      for (RawClient c : liars) {
        c.close();
      }
    }
  }

  @Test
  void inlineCommandsAndPipelinesAreAnsweredInOrder() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("PING\r\nset inl \"a\\x41\\n\"\r\n\r\nget inl\nECHO 'it''s'\r\n");
      assertEquals("+PONG\r\n", c.reply());
      assertEquals("+OK\r\n", c.reply());
      assertEquals("$3\r\naA\n\r\n", c.reply());
      assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n", c.reply());
    }
    try (RawClient c = new RawClient(server.port())) {
      StringBuilder pipeline = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        pipeline.append(RawClient.cmd("INCR", "pipelined"));
      }
      c.send(pipeline.toString());
      for (int i = 1; i <= 1000; i++) {
        assertEquals(":" + i + "\r\n", c.reply());
      }
    }
  }

  @Test
  void emptyRequestsAreSkipped() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("\r\n*0\r\n*-1\r\n*-10\r\n   \r\n" + RawClient.cmd("PING"));
      assertEquals("+PONG\r\n", c.reply());
    }
  }

  @Test
  void commandErrorsAreRedisTexts() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send(RawClient.cmd("NOSUCH", "a", "b"));
      assertEquals("-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' \r\n",
          c.reply());
      c.send(RawClient.cmd("GET"));
      assertEquals("-ERR wrong number of arguments for 'get' command\r\n", c.reply());
      c.send(RawClient.cmd("LPUSH", "errlist", "x") + RawClient.cmd("GET", "errlist"));
      assertEquals(":1\r\n", c.reply());
      assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
          c.reply());
      c.send(RawClient.cmd("SET", "errn", "x") + RawClient.cmd("INCR", "errn"));
      assertEquals("+OK\r\n", c.reply());
      assertEquals("-ERR value is not an integer or out of range\r\n", c.reply());
      c.send(RawClient.cmd("SET", "a", "b", "NX", "XX"));
      assertEquals("-ERR syntax error\r\n", c.reply());
      c.send(RawClient.cmd("SELECT", "1") + RawClient.cmd("SELECT", "0"));
      assertEquals("-ERR DB index is out of range\r\n", c.reply());
      assertEquals("+OK\r\n", c.reply());
      c.send(RawClient.cmd("HELLO", "3"));
      assertEquals("-NOPROTO unsupported protocol version\r\n", c.reply());
      assertTrue(c.send(RawClient.cmd("HELLO", "2")).reply().startsWith("*14\r\n$6\r\nserver"));
    }
  }
}
