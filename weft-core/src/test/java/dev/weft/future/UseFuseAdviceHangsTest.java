package dev.weft.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.sync.Mpsc;
import dev.weft.test.MockTask;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Regression: the error for a future polled after it completed gave advice that hangs.
 *
 * <ol>
 *   <li>a program awaits (or {@code blockOn}s) the same future twice;
 *   <li>the second poll threw {@code IllegalStateException} saying "only fused futures may be
 *       polled again; use fuse()";
 *   <li>following it, the program awaited {@code f.fuse()} twice: a fused future stays pending
 *       after it completed (by design: that is what lets a {@code Select} loop skip a finished
 *       branch) and never wakes anybody, so the second {@code blockOn} waited forever.
 * </ol>
 *
 * <p>The message now says what the program wants: a future gives its result once, so keep the
 * value; {@code fuse()} is only for {@code Select} loops.
 */
class UseFuseAdviceHangsTest {

  @Test
  void theErrorOfASecondAwaitSaysToKeepTheValueAndDoesNotSendTheUserToFuse() {
    Future<Integer> f = Futures.ready(20).map(x -> x + 1);
    assertEquals(21, Futures.blockOn(f));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Futures.blockOn(f));
    String m = e.getMessage();
    assertTrue(m.contains("gives its result once"), m);
    assertTrue(m.contains("keep the value"), m);
    assertFalse(m.contains("use fuse()"), "the advice that hangs: " + m);
    assertTrue(m.contains("Select"), "fuse() is named only for what it is for: " + m);
  }

  @Test
  void theSameMessageComesFromTheChannelFutures() {
    Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
    assertTrue(ch.sender().trySend(1));
    MockTask<Optional<Integer>> recv = MockTask.of(ch.receiver().recv());
    assertEquals(Optional.of(1), recv.assertReady());
    String m = assertThrows(IllegalStateException.class, recv::poll).getMessage();
    assertTrue(m.contains("keep the value"), m);
    assertFalse(m.contains("use fuse()"), m);
  }

  /** Why the old advice hung: a fused future that completed is pending forever, waking nobody. */
  @Test
  void aFusedFutureThatCompletedStaysPendingWithoutAWakeUp() {
    FusedFuture<Integer> fused = Futures.ready(1).fuse();
    assertEquals(1, MockTask.of(fused).assertReady());
    MockTask<Integer> again = MockTask.of(fused);
    again.assertPending();
    assertFalse(again.isWoken(), "nothing will ever wake a second blockOn of it");
    assertTrue(fused.isTerminated());
  }
}
