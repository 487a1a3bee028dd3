package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.stream.Streams;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Regression: {@code MockTask.assertFails()} could never fail.
 *
 * <ol>
 *   <li>{@code assertFails()} polled the future inside {@code try}, and called
 *       {@code fail("expected the poll to fail, ...")} inside the same {@code try} when the poll
 *       returned;
 *   <li>{@code catch (Throwable t)} caught that {@link AssertionFailedError} as if the poll had
 *       thrown it, and returned it;
 *   <li>so a future that was ready or pending "failed" as asserted: a test that did not check the
 *       returned exception's type proved nothing.
 * </ol>
 *
 * <p>Now only the poll is inside the {@code try}; the assertion comes after it. An
 * {@link AssertionError} from the poll itself (a test double reporting misuse, such as
 * {@link ManualFuture}'s "polled after cancel") fails the test instead of being returned. The
 * same is checked for {@link MockStream#assertFails()}.
 */
class AssertFailsCouldNotFailTest {

  @Test
  void assertFailsOnAFutureThatIsReadyFails() {
    MockTask<Integer> t = MockTask.of(Futures.ready(1));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, t::assertFails);
    assertTrue(e.getMessage().contains("expected the poll to fail"), e.getMessage());
  }

  @Test
  void assertFailsOnAFutureThatIsPendingFails() {
    MockTask<Integer> t = MockTask.of(Futures.pending());
    AssertionFailedError e = assertThrows(AssertionFailedError.class, t::assertFails);
    assertTrue(e.getMessage().contains("expected the poll to fail"), e.getMessage());
  }

  @Test
  void assertFailsReturnsWhatThePollThrew() {
    IOException io = new IOException("io");
    assertSame(io, MockTask.of(Futures.failed(io)).assertFails());
  }

  @Test
  void aTestDoublesComplaintFromThePollFailsTheTestInsteadOfBeingReturned() {
    ManualFuture<Integer> f = new ManualFuture<>("double");
    f.cancel();
    AssertionError e = assertThrows(AssertionError.class, MockTask.of(f)::assertFails);
    assertTrue(e.getMessage().contains("polled after cancel"), e.getMessage());
  }

  @Test
  void mockStreamAssertFailsOnAnItemAnEndOrPendingFails() {
    assertThrows(AssertionFailedError.class, MockStream.of(Streams.of(1))::assertFails);
    assertThrows(AssertionFailedError.class, MockStream.of(Streams.empty())::assertFails);
    assertThrows(AssertionFailedError.class, MockStream.of(new ManualStream<>())::assertFails);
    IOException io = new IOException("io");
    assertSame(io, MockStream.of(new ManualStream<>().fail(io)).assertFails());
  }
}
