package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: pipelined requests already in the read buffer were left unrun.
 *
 * <ol>
 *   <li>A client sends several requests in one packet; one read brings them all into the
 *       connection's buffer.
 *   <li>The connection runs them until its unsent replies pass the output limit, then stops
 *       to write (it checks the limit before each request).
 *   <li>The write sends everything: the unsent replies drop to zero, under the limit, so the
 *       client is not disconnected.
 *   <li>The connection then waited to read, but the rest of the pipeline was already read:
 *       no byte would come, and the requests in the buffer were never run. A client that
 *       never read its replies was left stuck instead of disconnected, the same way.
 * </ol>
 *
 * <p>Replayed deterministically with a one-byte output limit: every reply passes it, so the
 * connection pauses after each request.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipelineStalledAfterOutputLimitPauseTest {

  @ParameterizedTest
  @EnumSource(RedisServer.Flavor.class)
  void everyPipelinedRequestIsAnsweredAfterAPauseAtTheOutputLimit(RedisServer.Flavor f)
      throws Exception {
    Limits limits = new Limits();
    limits.normalOutputHard = 1;
    try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0), f,
        limits, 1);
        RawClient c = new RawClient(server.port())) {
      c.send(RawClient.cmd("PING") + RawClient.cmd("ECHO", "two") + RawClient.cmd("PING"));
      assertEquals("+PONG\r\n", c.reply());
      assertEquals("$3\r\ntwo\r\n", c.reply());
      assertEquals("+PONG\r\n", c.reply());
    }
  }
}
