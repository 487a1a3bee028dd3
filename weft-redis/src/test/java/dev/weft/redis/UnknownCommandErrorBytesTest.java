package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Regressions (found by differential testing against redis-server 7.0) in the unknown-command
 * error: each quoted argument was clipped one byte short of Redis's {@code '%.*s'} with {@code
 * 128 - sdslen(args)}, and bytes that are not UTF-8 came back as U+FFFD (EF BF BD) where Redis
 * echoes the client's bytes as they are.
 */
class UnknownCommandErrorBytesTest {
  @Test
  void argumentsAreClippedAsRedisClipsThem() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        RawClient c = new RawClient(server.port())) {
      String a200 = "a".repeat(200);
      assertEquals("-ERR unknown command 'FOO', with args beginning with: '" + "a".repeat(128)
          + "' \r\n", c.send(RawClient.cmd("FOO", a200)).reply());
      String x30 = "x".repeat(30);
      assertEquals("-ERR unknown command 'FOO', with args beginning with: '" + x30 + "' '" + x30
          + "' '" + x30 + "' '" + "x".repeat(29) + "' \r\n",
          c.send(RawClient.cmd("FOO", x30, x30, x30, x30, x30)).reply());
    }
  }

  @Test
  void bytesThatAreNotUtf8ComeBackAsSent() throws Exception {
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
        RedisServer.Flavor.CURRENT_THREAD);
        Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream o = s.getOutputStream();
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.write("*2\r\n$2\r\n".getBytes(StandardCharsets.US_ASCII));
      req.write(new byte[] {(byte) 0xff, (byte) 0xfe});
      req.write("\r\n$1\r\n".getBytes(StandardCharsets.US_ASCII));
      req.write(new byte[] {(byte) 0xe9});
      req.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      o.write(req.toByteArray());
      o.flush();
      ByteArrayOutputStream want = new ByteArrayOutputStream();
      want.write("-ERR unknown command '".getBytes(StandardCharsets.US_ASCII));
      want.write(new byte[] {(byte) 0xff, (byte) 0xfe});
      want.write("', with args beginning with: '".getBytes(StandardCharsets.US_ASCII));
      want.write(new byte[] {(byte) 0xe9});
      want.write("' \r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] expected = want.toByteArray();
      InputStream in = s.getInputStream();
      byte[] got = in.readNBytes(expected.length);
      assertEquals(new String(expected, StandardCharsets.ISO_8859_1),
          new String(got, StandardCharsets.ISO_8859_1));
    }
  }
}
