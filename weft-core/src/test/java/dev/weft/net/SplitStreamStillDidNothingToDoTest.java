package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.connectPair;
import static dev.weft.net.NetTesting.pattern;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: after {@code split()} the {@link TcpStream} itself refused its operations only
 * when their future polled the socket. A {@code readExact} into an empty buffer or a
 * {@code writeAll} of an empty one never does, so it completed on the split stream as if it were
 * usable; and {@code read}, {@code write}, {@code readExact}, {@code writeAll}, {@code flush} and
 * {@code shutdown} returned a future instead of refusing at the call, while {@code readable()},
 * {@code writable()}, {@code noDelay()} and {@code split()} did refuse there.
 *
 * <p>The rule: after split() the TcpStream itself must not be used (IllegalStateException),
 * and where the thing cannot work, the call itself throws
 * {@code IllegalStateException}. The fix: each of these methods checks at the call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SplitStreamStillDidNothingToDoTest {

  @ParameterizedTest
  @EnumSource
  void everyOperationOfTheSplitStreamThrowsAtTheCall(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        TcpStream s = pair.first();
        TcpStream.Halves halves = s.split();
        try (TcpStream peer = pair.second();
            TcpStream.ReadHalf r = halves.reader();
            TcpStream.WriteHalf w = halves.writer()) {
          // Nothing to do: these completed, as if the stream were still usable.
          assertThrows(IllegalStateException.class,
              () -> s.readExact(ByteBuffer.allocate(0)).await());
          assertThrows(IllegalStateException.class,
              () -> s.writeAll(ByteBuffer.allocate(0)).await());
          // At the call, as readable(), writable() and noDelay() already did.
          assertThrows(IllegalStateException.class, () -> s.read(ByteBuffer.allocate(1)));
          assertThrows(IllegalStateException.class, () -> s.readExact(ByteBuffer.allocate(1)));
          assertThrows(IllegalStateException.class, () -> s.write(pattern(1, 0)));
          assertThrows(IllegalStateException.class, () -> s.writeAll(pattern(1, 0)));
          assertThrows(IllegalStateException.class, s::flush);
          assertThrows(IllegalStateException.class, s::shutdown);
          assertThrows(IllegalStateException.class, s::readable);
          assertThrows(IllegalStateException.class, s::writable);
          // The halves still work.
          w.writeAll(pattern(2, 0)).await();
          peer.readExact(ByteBuffer.allocate(2)).await();
          peer.writeAll(pattern(2, 1)).await();
          r.readExact(ByteBuffer.allocate(2)).await();
        }
        return null;
      });
    }
  }
}
