package dev.weft.redis;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression (found by differential testing against redis-server 7.0): CONFIG SET with a name
 * and no value after its pairs answered a wrong number of arguments, where Redis answers a
 * syntax error (its arity, -4, only asks for one pair); and a parameter named twice was set
 * twice, where Redis refuses the whole call. The expected replies are redis-server 7.0.15's; a
 * refused call changes nothing, which the last rows read back.
 */
class ConfigSetPairsLikeRedisTest {
  private static final String[][] CASES = {
      {"-ERR wrong number of arguments for 'config|set' command\r\n", "CONFIG", "SET", "maxmemory"},
      {"-ERR syntax error\r\n", "CONFIG", "SET", "a", "b", "c"},
      {"-ERR syntax error\r\n", "CONFIG", "SET", "timeout", "7", "hz"},
      {"-ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate parameter\r\n",
          "CONFIG", "SET", "timeout", "5", "timeout", "6"},
      {"-ERR CONFIG SET failed (possibly related to argument 'TIMEOUT') - duplicate parameter\r\n",
          "CONFIG", "SET", "hz", "11", "timeout", "5", "TIMEOUT", "6"},
      {"*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n", "CONFIG", "GET", "timeout"},
      {"*2\r\n$2\r\nhz\r\n$2\r\n10\r\n", "CONFIG", "GET", "hz"},
      {"+OK\r\n", "CONFIG", "SET", "hz", "11", "timeout", "5"},
      {"*2\r\n$7\r\ntimeout\r\n$1\r\n5\r\n", "CONFIG", "GET", "timeout"},
      {"*2\r\n$2\r\nhz\r\n$2\r\n11\r\n", "CONFIG", "GET", "hz"},
  };

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void pairsAndDuplicatesAreCheckedAsRedisChecksThem(RedisServer.Flavor flavor)
      throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), flavor);
        RawClient c = new RawClient(server.port())) {
      c.expectReplies(CASES);
    }
  }
}
