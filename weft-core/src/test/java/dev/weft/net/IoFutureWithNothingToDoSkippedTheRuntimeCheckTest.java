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
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: a stream's futures that had nothing to wait for never checked where they ran.
 *
 * <p>A read into a buffer with no room, a write of an empty buffer, {@code flush()} and
 * {@code shutdown()} completed on their first poll before the stream looked for its runtime:
 * they returned 0 or completed under {@code Futures.blockOn}, and on a runtime other than the
 * stream's. {@code shutdown()} even half-closed the socket there. Every I/O future must throw
 * {@code IllegalStateException} (naming {@code AsyncRuntime}) when polled outside a runtime, and
 * when polled on another runtime than its socket's.
 *
 * <p>The fix: every poll of a stream or a write half first takes its registration, which is
 * where the runtime of the polling thread is checked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IoFutureWithNothingToDoSkippedTheRuntimeCheckTest {

  @ParameterizedTest
  @EnumSource
  void underFuturesBlockOnTheyThrowAndTheStreamIsUntouched(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      Tuple2<TcpStream, TcpStream> pair = run(rt, () -> connectPair(listener));
      try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
        for (Future<?> f : nothingToDo(a)) {
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> Futures.blockOn(f), f.toString());
          assertTrue(e.getMessage().contains("AsyncRuntime"), e.getMessage());
        }
        assertStillWritesAndReads(rt, a, b);
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void onAnotherRuntimeTheyThrowAndTheStreamIsUntouched(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        AsyncRuntime other = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      Tuple2<TcpStream, TcpStream> pair = run(rt, () -> connectPair(listener));
      try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
        for (Future<?> f : nothingToDo(a)) {
          assertThrows(IllegalStateException.class, () -> other.blockOn(f), f.toString());
        }
        assertStillWritesAndReads(rt, a, b);
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void theWriteHalfsShutdownAndFlushThrowUnderFuturesBlockOn(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      Tuple2<TcpStream, TcpStream> pair = run(rt, () -> connectPair(listener));
      TcpStream.Halves halves = pair.first().split();
      try (TcpStream b = pair.second();
          TcpStream.ReadHalf r = halves.reader();
          TcpStream.WriteHalf w = halves.writer()) {
        for (Supplier<Future<?>> f : List.<Supplier<Future<?>>>of(w::flush, w::shutdown,
            () -> w.write(ByteBuffer.allocate(0)), () -> r.read(ByteBuffer.allocate(0)))) {
          assertThrows(IllegalStateException.class, () -> Futures.blockOn(f.get()));
        }
        run(rt, () -> {
          w.writeAll(pattern(3, 1)).await();
          ByteBuffer got = ByteBuffer.allocate(3);
          b.readExact(got).await();
          assertArrayEquals(remaining(pattern(3, 1)), got.array());
          return null;
        });
      }
    }
  }

  private static List<Future<?>> nothingToDo(TcpStream s) {
    return List.of(
        s.read(ByteBuffer.allocate(1).position(1)),
        s.readExact(ByteBuffer.allocate(0)),
        s.write(ByteBuffer.allocate(0)),
        s.writeAll(ByteBuffer.allocate(0)),
        s.flush(),
        s.shutdown());
  }

  /** a was not shut down by the refused futures: it still writes, and b still reads. */
  private static void assertStillWritesAndReads(AsyncRuntime rt, TcpStream a, TcpStream b) {
    run(rt, () -> {
      a.writeAll(pattern(2, 1)).await();
      ByteBuffer got = ByteBuffer.allocate(2);
      b.readExact(got).await();
      assertArrayEquals(remaining(pattern(2, 1)), got.array());
      return null;
    });
  }
}
