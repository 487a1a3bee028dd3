package dev.weft.io;

import static dev.weft.future.Async.async;
import static dev.weft.test.BudgetProbe.readyInOnePoll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.internal.Coop;
import dev.weft.runtime.AsyncRuntime;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A duplex end on a runtime: a ready read or write, including one of no bytes, counts against
 * the cooperative budget, so a task looping on them inside one poll is stopped after 128 and
 * woken again at once, as it is on a socket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DuplexBudgetTest {

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void readsAndWritesOfOneByteAndOfNoBytesConsumeTheBudget(Flavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex d = Io.duplex(16 * Coop.BUDGET);
        DuplexStream client = d.client();
        DuplexStream server = d.server();
        ByteBuffer none = ByteBuffer.allocate(0);
        readyInOnePoll(() -> client.write(ByteBuffer.wrap(new byte[] {7})), n -> assertEquals(1, n));
        readyInOnePoll(() -> server.read(ByteBuffer.allocate(1)), n -> assertEquals(1, n));
        readyInOnePoll(() -> server.read(none), n -> assertEquals(0, n));
        readyInOnePoll(() -> client.write(none), n -> assertEquals(0, n));
        return null;
      })));
    }
  }
}
