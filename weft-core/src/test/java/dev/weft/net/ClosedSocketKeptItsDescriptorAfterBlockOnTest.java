package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.connectPair;
import static dev.weft.net.NetTesting.openFileDescriptors;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.IoDriverProbe;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: on a current-thread runtime, sockets closed during a {@code blockOn} kept their
 * file descriptors after it returned, until the next {@code blockOn} or the runtime's close.
 *
 * <p>The JDK does not close a socket registered with a selector when it is closed: it cancels
 * the key, and the descriptor is released when the selector next selects and drops the key.
 * Closing wakes a selector that is blocked in a select, which then releases it at once; but the
 * current-thread runtime selects only on its own thread, while it parks, and after
 * {@code blockOn} returned nothing selects at all. A client that connects, talks and closes
 * inside each {@code blockOn} left every socket of the call open behind it (and a call whose
 * future never waited, here 50 connections over loopback that all connect and accept at once,
 * never selected even once).
 *
 * <p>The fix (see {@code ClosedListenerKeptItsPortTest}, the same defect seen from a listener):
 * closing a registered channel makes its selector drop the key before {@code close()} returns,
 * so the descriptor is released by the close itself, on every runtime.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClosedSocketKeptItsDescriptorAfterBlockOnTest {

  @Test
  void socketsClosedInABlockOnAreReleasedWhenItReturns() {
    try (AsyncRuntime rt = NetFlavour.CURRENT_THREAD.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 64)) {
      cycles(rt, listener, 1); // warm up: classes, the selector, the listener's registration
      long before = openFileDescriptors();
      cycles(rt, listener, 50);
      assertEquals(before, openFileDescriptors(), "descriptors left open by closed sockets");
      assertEquals(1, IoDriverProbe.registeredKeys(rt), "only the listener's key is left");
    }
  }

  /** The same on every runtime: each close releases its socket before it returns. */
  @ParameterizedTest
  @EnumSource
  void socketsClosedInATaskAreReleasedBeforeCloseReturns(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 64)) {
      cycles(rt, listener, 1);
      run(rt, () -> {
        long before = openFileDescriptors();
        for (int i = 0; i < 50; i++) {
          Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
          pair.second().read(java.nio.ByteBuffer.allocate(0)).await(); // registers it too
          pair.first().close();
          pair.second().close();
          assertEquals(before, openFileDescriptors(), "after close " + i);
        }
        return null;
      });
    }
  }

  private static void cycles(AsyncRuntime rt, TcpListener listener, int n) {
    run(rt, () -> {
      for (int i = 0; i < n; i++) {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        pair.first().close();
        pair.second().close();
      }
      return null;
    });
  }
}
