package dev.weft.redis;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression (found by differential testing against redis-server 7.0): INCRBYFLOAT and
 * HINCRBYFLOAT computed in exact decimals and printed the exact sum, where Redis computes in
 * the x87 80-bit {@code long double} and prints {@code %.17Lf}: {@code 0.1 + 123.456 + 123.456}
 * is {@code 247.01200000000000001} there. Reading followed Java's rules, not {@code strtold}'s
 * (hex floats, {@code inf}, a decimal that underflows or overflows the long double), and
 * BLPOP's timeout so too ({@code inf} and {@code 1e17} are "negative" in Redis: their
 * milliseconds convert to the most negative 64-bit integer). Every expected reply below is
 * redis-server 7.0.15's to the same commands, in the same order.
 */
class LongDoubleLikeRedisTest {
  private static final String[][] CASES = {
      {"+OK\r\n", "SET", "a", "0.1"},
      {"$7\r\n123.556\r\n", "INCRBYFLOAT", "a", "123.456"},
      {"$21\r\n247.01200000000000001\r\n", "INCRBYFLOAT", "a", "123.456"},
      {"$31\r\n1000000000000000000024696061952\r\n", "INCRBYFLOAT", "b", "1e30"},
      {"$1\r\n8\r\n", "INCRBYFLOAT", "c", "0x1p3"},
      {"$4\r\n8.25\r\n", "INCRBYFLOAT", "c", "0X.8P-1"},
      {"-ERR increment would produce NaN or Infinity\r\n", "INCRBYFLOAT", "d", "inf"},
      {"-ERR value is not a valid float\r\n", "INCRBYFLOAT", "e", "1e-5000"},
      {"$1\r\n0\r\n", "INCRBYFLOAT", "e", "3.7e-4951"},
      {"-ERR value is not a valid float\r\n", "INCRBYFLOAT", "f", "1\02"},
      {"$1\r\n0\r\n", "INCRBYFLOAT", "g", "5e-18"},
      {"$20\r\n-0.00000000000000001\r\n", "INCRBYFLOAT", "g", "-1e-17"},
      {"$1\r\n0\r\n", "INCRBYFLOAT", "h2", "1e-30"},
      {"$19\r\n9223372036854775807\r\n", "INCRBYFLOAT", "i", "9223372036854775807"},
      {"$19\r\n9223372036854775808\r\n", "INCRBYFLOAT", "i", "1"},
      {"$3\r\n0.5\r\n", "HINCRBYFLOAT", "h", "f", "0x.8"},
      {"$3\r\n0.6\r\n", "HINCRBYFLOAT", "h", "f", "0.1"},
      {"-ERR value is NaN or Infinity\r\n", "HINCRBYFLOAT", "h", "f", "inf"},
      {":1\r\n", "HSET", "h", "g", "infinity"},
      {"-ERR increment would produce NaN or Infinity\r\n", "HINCRBYFLOAT", "h", "g", "1"},
      {"$3\r\n0.5\r\n", "INCRBYFLOAT", "j", "+.5"},
      {"$3\r\n1.5\r\n", "INCRBYFLOAT", "j", "1."},
      {"-ERR value is not a valid float\r\n", "INCRBYFLOAT", "j", "1e"},
      {"-ERR value is not a valid float\r\n", "INCRBYFLOAT", "j", " 1"},
      {"-ERR value is not a valid float\r\n", "INCRBYFLOAT", "j", "nan"},
      {"-ERR timeout is negative\r\n", "BLPOP", "nolist", "inf"},
      {"-ERR timeout is negative\r\n", "BLPOP", "nolist", "1e17"},
      {"*-1\r\n", "BLPOP", "nolist", "0x1p-20"},
      {"-ERR timeout is not a float or out of range\r\n", "BLPOP", "nolist", "1e15x"},
      {"-ERR timeout is negative\r\n", "BLPOP", "nolist", "-0.0011"},
  };

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void floatIncrementsAndTimeoutsReadComputeAndPrintAsRedis(RedisServer.Flavor flavor)
      throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), flavor);
        RawClient c = new RawClient(server.port())) {
      c.expectReplies(CASES);
    }
  }
}
