package dev.weft.redis;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression (found by differential testing against redis-server 7.0): a subcommand's own
 * checks ran in its handler, or not at all, outside subscribed mode. Redis answers an unknown
 * subcommand, or a known one with the wrong number of arguments, before it runs anything
 * ({@code CLIENT NO-EVICT} without its argument answered +OK, {@code OBJECT FOO} a wrong number
 * of arguments, {@code CLIENT KILL} an unknown subcommand); and {@code COMMAND LIST} read no
 * options ({@code FILTERBY} alone listed every command instead of a syntax error). The expected
 * replies are redis-server 7.0.15's to the same commands.
 */
class SubcommandChecksLikeRedisTest {
  private static final String[][] CASES = {
      {"-ERR wrong number of arguments for 'client' command\r\n", "CLIENT"},
      {"-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n", "CLIENT", "FOO"},
      {"-ERR wrong number of arguments for 'client|kill' command\r\n", "CLIENT", "KILL"},
      {"-ERR wrong number of arguments for 'client|id' command\r\n", "CLIENT", "ID", "x"},
      {"-ERR wrong number of arguments for 'client|getname' command\r\n", "CLIENT", "GETNAME", "x"},
      {"-ERR wrong number of arguments for 'client|setname' command\r\n", "CLIENT", "SETNAME"},
      {"-ERR wrong number of arguments for 'client|info' command\r\n", "CLIENT", "INFO", "x"},
      {"-ERR wrong number of arguments for 'client|no-evict' command\r\n", "CLIENT", "NO-EVICT"},
      {"+OK\r\n", "CLIENT", "NO-EVICT", "on"},
      {"-ERR wrong number of arguments for 'client|reply' command\r\n", "CLIENT", "REPLY"},
      {"-ERR wrong number of arguments for 'client|tracking' command\r\n", "CLIENT", "TRACKING"},
      {"-ERR wrong number of arguments for 'client|unpause' command\r\n", "CLIENT", "UNPAUSE", "x"},
      {"-ERR wrong number of arguments for 'client|pause' command\r\n", "CLIENT", "PAUSE"},
      {"-ERR wrong number of arguments for 'client|unblock' command\r\n", "CLIENT", "UNBLOCK"},
      {"-ERR wrong number of arguments for 'config' command\r\n", "CONFIG"},
      {"-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n", "CONFIG", "FOO"},
      {"-ERR wrong number of arguments for 'config|get' command\r\n", "CONFIG", "GET"},
      {"-ERR wrong number of arguments for 'config|set' command\r\n", "CONFIG", "SET", "maxmemory"},
      {"-ERR wrong number of arguments for 'config|resetstat' command\r\n", "CONFIG", "RESETSTAT", "x"},
      {"-ERR wrong number of arguments for 'config|rewrite' command\r\n", "CONFIG", "REWRITE", "x"},
      {"-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n", "COMMAND", "FOO"},
      {"-ERR wrong number of arguments for 'command|count' command\r\n", "COMMAND", "COUNT", "x"},
      {"-ERR wrong number of arguments for 'command|getkeys' command\r\n", "COMMAND", "GETKEYS"},
      {"-ERR wrong number of arguments for 'command|getkeys' command\r\n", "COMMAND", "GETKEYS", "get"},
      {"-ERR syntax error\r\n", "COMMAND", "LIST", "FILTERBY"},
      {"-ERR wrong number of arguments for 'function' command\r\n", "FUNCTION"},
      {"-ERR unknown subcommand 'FOO'. Try FUNCTION HELP.\r\n", "FUNCTION", "FOO"},
      {"-ERR wrong number of arguments for 'function|delete' command\r\n", "FUNCTION", "DELETE"},
      {"-ERR wrong number of arguments for 'function|stats' command\r\n", "FUNCTION", "STATS", "x"},
      {"-ERR wrong number of arguments for 'function|kill' command\r\n", "FUNCTION", "KILL", "x"},
      {"-ERR wrong number of arguments for 'function|dump' command\r\n", "FUNCTION", "DUMP", "x"},
      {"-ERR wrong number of arguments for 'function|load' command\r\n", "FUNCTION", "LOAD"},
      {"-ERR wrong number of arguments for 'object' command\r\n", "OBJECT"},
      {"-ERR unknown subcommand 'FOO'. Try OBJECT HELP.\r\n", "OBJECT", "FOO"},
      {"-ERR wrong number of arguments for 'object|encoding' command\r\n", "OBJECT", "ENCODING"},
      {"-ERR wrong number of arguments for 'object|freq' command\r\n", "OBJECT", "FREQ"},
      {"-ERR wrong number of arguments for 'object|help' command\r\n", "OBJECT", "HELP", "x"},
      {"-ERR wrong number of arguments for 'memory' command\r\n", "MEMORY"},
      {"-ERR unknown subcommand 'FOO'. Try MEMORY HELP.\r\n", "MEMORY", "FOO"},
      {"-ERR wrong number of arguments for 'memory|usage' command\r\n", "MEMORY", "USAGE"},
      {"-ERR wrong number of arguments for 'memory|doctor' command\r\n", "MEMORY", "DOCTOR", "x"},
      {"-ERR wrong number of arguments for 'memory|stats' command\r\n", "MEMORY", "STATS", "x"},
      {"-ERR wrong number of arguments for 'memory|purge' command\r\n", "MEMORY", "PURGE", "x"},
      {"-ERR wrong number of arguments for 'pubsub' command\r\n", "PUBSUB"},
      {"-ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n", "PUBSUB", "FOO"},
      {"-ERR wrong number of arguments for 'pubsub|numpat' command\r\n", "PUBSUB", "NUMPAT", "x"},
      {"-ERR wrong number of arguments for 'pubsub|help' command\r\n", "PUBSUB", "HELP", "x"},
      {"-ERR syntax error\r\n", "COMMAND", "LIST", "foo"},
      {"-ERR syntax error\r\n", "COMMAND", "LIST", "FILTERBY", "foo", "bar"},
      {"*1\r\n$3\r\nget\r\n", "COMMAND", "LIST", "FILTERBY", "pattern", "g?t"},
      {"*0\r\n", "COMMAND", "LIST", "FILTERBY", "module", "foo"},
      {"-ERR syntax error\r\n", "COMMAND", "LIST", "FILTERBY", "pattern", "x", "FILTERBY", "pattern", "y"},
  };

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void subcommandsAreCheckedAsRedisChecksThem(RedisServer.Flavor flavor) throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), flavor);
        RawClient c = new RawClient(server.port())) {
      c.expectReplies(CASES);
    }
  }
}
