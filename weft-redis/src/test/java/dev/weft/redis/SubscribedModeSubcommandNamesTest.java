package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression (found by differential testing against redis-server 7.0): in subscribed mode a
 * container command was refused by its own name ({@code 'client'}) whatever its subcommand;
 * Redis first answers an unknown subcommand or a subcommand's wrong number of arguments as
 * such, and refuses a known one by its full name ({@code 'client|id'}). The expected replies are
 * redis-server 7.0.15's to the same commands on one subscribed connection.
 */
class SubscribedModeSubcommandNamesTest {
  private static final String[][] CASES = {
      {"-ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "CLIENT", "ID"},
      {"-ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "client", "Id"},
      {"-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n", "CLIENT", "FOO"},
      {"-ERR wrong number of arguments for 'client|id' command\r\n", "CLIENT", "ID", "extra"},
      {"-ERR wrong number of arguments for 'client' command\r\n", "CLIENT"},
      {"-ERR wrong number of arguments for 'config|get' command\r\n", "CONFIG", "GET"},
      {"-ERR Can't execute 'config|get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "CONFIG", "GET", "x"},
      {"-ERR Can't execute 'command': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "COMMAND"},
      {"-ERR Can't execute 'command|count': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "COMMAND", "COUNT"},
      {"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "GET", "k"},
      {"-ERR Can't execute 'pubsub|numpat': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "PUBSUB", "NUMPAT"},
      {"-ERR Can't execute 'object|encoding': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "OBJECT", "ENCODING", "k"},
      {"-ERR Can't execute 'memory|doctor': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "MEMORY", "DOCTOR"},
      {"-ERR Can't execute 'function|flush': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "FUNCTION", "FLUSH"},
      {"-ERR wrong number of arguments for 'client|kill' command\r\n", "CLIENT", "KILL"},
  };

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void subscribedModeRefusesSubcommandsByTheirFullName(RedisServer.Flavor flavor)
      throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), flavor);
        RawClient c = new RawClient(server.port())) {
      assertEquals(SUBSCRIBED, c.send(RawClient.cmd("SUBSCRIBE", "ch")).reply());
      c.expectReplies(CASES);
    }
  }

  private static final String SUBSCRIBED = "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n";
}
