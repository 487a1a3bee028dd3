package dev.weft.net;

import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.assertIoFailure;
import static dev.weft.net.NetTesting.run;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.stream.Stream;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: once an accept of {@link TcpListener#incoming()} had failed, the stream kept that
 * spent accept and polled it again at the next {@code next()}, which threw
 * {@code IllegalStateException} ("future polled after it completed: AcceptFuture") instead of the
 * I/O failure. The rules: {@code next()} returns a new future each time, so a stream can be
 * read again; an accept on a closed listener fails with
 * {@code UncheckedIOException} whose cause is a {@code ClosedChannelException} (tokio's listener
 * stream yields the error and goes on accepting).
 *
 * <p>The fix: the stream drops an accept that threw; the next poll makes a new one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IncomingAfterAFailedAcceptWasSpentTest {

  @ParameterizedTest
  @EnumSource
  void everyNextAfterTheListenerClosedFailsWithClosedChannelException(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      TcpListener listener = TcpListener.bind(anyLoopbackPort());
      Stream<TcpStream> incoming = listener.incoming();
      listener.close();
      for (int i = 0; i < 3; i++) {
        assertIoFailure(ClosedChannelException.class,
            () -> run(rt, () -> incoming.next().await()));
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void aNextPendingWhenTheListenerClosesFailsAndSoDoesTheNextOne(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      TcpListener listener = TcpListener.bind(anyLoopbackPort());
      Stream<TcpStream> incoming = listener.incoming();
      run(rt, () -> {
        dev.weft.test.MockTask<?> next = dev.weft.test.MockTask.of(incoming.next());
        next.assertPending();
        listener.close();
        assertIoFailure(ClosedChannelException.class, () -> next.poll());
        assertIoFailure(ClosedChannelException.class, () -> incoming.next().await());
        return null;
      });
    }
  }
}
