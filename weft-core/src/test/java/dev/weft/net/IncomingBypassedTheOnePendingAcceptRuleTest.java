package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.stream.Stream;
import dev.weft.test.MockTask;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: a listener allows one pending accept at a time (a second concurrent
 * {@code accept()} throws {@code IllegalStateException}, as a stream's second pending read does,
 * as for every I/O handle), but {@link TcpListener#incoming()} did not take part in that rule. An accept
 * and an {@code incoming().next()} (or two {@code incoming()} streams) could both be pending, and
 * the listener's registration keeps one waker per direction: the second replaced the first, which
 * was then never woken, however many connections came (its task hung).
 *
 * <p>The fix: the stream's pending accept holds the listener's accept slot, as {@code accept()}
 * does, until it gives a connection, fails or the stream is cancelled.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IncomingBypassedTheOnePendingAcceptRuleTest {

  @ParameterizedTest
  @EnumSource
  void anIncomingNextWhileAnAcceptIsPendingIsRefused(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        MockTask<TcpStream> accept = MockTask.of(listener.accept());
        accept.assertPending();
        Stream<TcpStream> incoming = listener.incoming();
        assertThrows(IllegalStateException.class, () -> MockTask.of(incoming.next()).poll());
        accept.cancel();
        MockTask<Optional<TcpStream>> next = MockTask.of(incoming.next());
        next.assertPending(); // the slot is free again
        assertThrows(IllegalStateException.class, () -> MockTask.of(listener.accept()).poll());
        assertThrows(IllegalStateException.class,
            () -> MockTask.of(listener.incoming().next()).poll());
        incoming.cancel(); // cancelling the stream gives the slot back
        MockTask<TcpStream> again = MockTask.of(listener.accept());
        again.assertPending();
        again.cancel();
        return null;
      });
    }
  }

  /**
   * A {@code next()} dropped by a select or a timeout (cancelled) gives the slot back: a new
   * {@code incoming()} or an {@code accept()} in the next turn of a loop is not refused, as the
   * slot held by a stream nobody polls any more would make them.
   */
  @ParameterizedTest
  @EnumSource
  void aCancelledNextGivesTheSlotBack(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        MockTask<Optional<TcpStream>> lost = MockTask.of(listener.incoming().next());
        lost.assertPending();
        lost.cancel();
        MockTask<TcpStream> accept = MockTask.of(listener.accept());
        accept.assertPending();
        accept.cancel();
        try (TcpStream client = TcpStream.connect(listener.localAddress()).await();
            TcpStream server = listener.incoming().next().await().orElseThrow()) {
          assertTrue(server.peerAddress().equals(client.localAddress()));
        }
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource
  void theStreamStillAcceptsOneConnectionAfterAnother(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Stream<TcpStream> incoming = listener.incoming();
        for (int i = 0; i < 3; i++) {
          try (TcpStream client = TcpStream.connect(listener.localAddress()).await();
              TcpStream server = incoming.next().await().orElseThrow()) {
            assertTrue(server.peerAddress().equals(client.localAddress()));
          }
        }
        try (TcpStream client = TcpStream.connect(listener.localAddress()).await();
            TcpStream server = listener.accept().await()) { // the stream holds no slot now
          assertTrue(server.peerAddress().equals(client.localAddress()));
        }
        return null;
      });
    }
  }
}
