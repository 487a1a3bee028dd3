package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.connectPair;
import static dev.weft.net.NetTesting.pattern;
import static dev.weft.net.NetTesting.remaining;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.test.MockTask;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: a socket's read, write or accept future that threw at a poll (refused because
 * another read was pending, or because it was polled outside a runtime) was not completed: polled
 * again later, it ran, and a read took the bytes that were meant for the next read. Clarification
 * 2: completed means returned ready <em>or threw</em>, and every future throws
 * {@code IllegalStateException} when polled after it completed.
 *
 * <p>The fix: SlotFuture, under every such future, is completed by any throw.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RefusedIoFutureRanWhenPolledAgainTest {

  @ParameterizedTest
  @EnumSource
  void aReadRefusedAsASecondPendingReadNeverRunsAfterwards(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream s = pair.first(); TcpStream peer = pair.second()) {
          MockTask<Integer> first = MockTask.of(s.read(ByteBuffer.allocate(4)));
          first.assertPending();
          ByteBuffer secondBuf = ByteBuffer.allocate(4);
          MockTask<Integer> second = MockTask.of(s.read(secondBuf));
          assertThrows(IllegalStateException.class, second::poll); // one pending read at a time
          first.cancel();
          peer.writeAll(pattern(4, 7)).await();
          IllegalStateException again = assertThrows(IllegalStateException.class, second::poll);
          assertTrue(again.getMessage().contains("completed"), again.getMessage());
          assertTrue(secondBuf.position() == 0, "the refused read took bytes: " + secondBuf);
          ByteBuffer got = ByteBuffer.allocate(4); // the bytes are the next read's
          s.readExact(got).await();
          assertArrayEquals(remaining(pattern(4, 7)), got.array());
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void aWriteRefusedOutsideARuntimeNeverRunsAfterwards(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      Tuple2<TcpStream, TcpStream> pair = run(rt, () -> connectPair(listener));
      try (TcpStream s = pair.first(); TcpStream peer = pair.second()) {
        ByteBuffer src = pattern(3, 1);
        Future<Integer> write = s.write(src);
        assertThrows(IllegalStateException.class, () -> Futures.blockOn(write));
        assertThrows(IllegalStateException.class, () -> rt.blockOn(write));
        assertTrue(src.position() == 0, "the refused write sent bytes: " + src);
      }
    }
  }
}
