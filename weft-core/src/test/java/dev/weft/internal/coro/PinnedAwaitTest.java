package dev.weft.internal.coro;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.internal.woven.WovenBlock;
import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An await the JVM refuses to suspend: a static initializer runs under a native frame, which a
 * continuation cannot freeze. The await fails at once, says why in the user's terms, and
 * releases what it awaited; the block ends instead of hanging. In the woven build the block is
 * a state machine and that await one the weaver could not see, which fails as such.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PinnedAwaitTest {
  static ManualFuture<Integer> awaitedByInitializer;

  /** Initialised by the test's block: its initializer awaits a pending future. */
  static final class AwaitsInInitializer {
    static final int VALUE = awaitedByInitializer.await();

    private AwaitsInInitializer() {}
  }

  @Test
  void anAwaitUnderAStaticInitializerFailsAtOnceAndSaysWhy() {
    awaitedByInitializer = new ManualFuture<>("awaited by a static initializer");
    Future<Integer> block = async(() -> AwaitsInInitializer.VALUE);
    MockTask<Integer> task = MockTask.of(block);

    Throwable failure = task.assertFails();

    // The JVM wraps what a static initializer throws; inside is the await's own failure.
    ExceptionInInitializerError wrapped =
        assertInstanceOf(ExceptionInInitializerError.class, failure);
    IllegalStateException refused =
        assertInstanceOf(IllegalStateException.class, wrapped.getCause());
    assertEquals(1, task.pollCount(), "it failed at the first poll, without suspending");
    if (block instanceof WovenBlock) {
      // The woven build: an await outside the lambda is one the weaver could not see.
      assertTrue(refused.getMessage().contains("woven into a stackless state machine"),
          refused.getMessage());
      assertEquals(0, awaitedByInitializer.pollCount(), "refused before its first poll");
    } else {
      // The coroutine polled the future, found it pending, and could not suspend.
      assertTrue(refused.getMessage().startsWith("await() cannot suspend this async block here"),
          refused.getMessage());
      assertTrue(refused.getMessage().contains("a native frame"), refused.getMessage());
      assertTrue(awaitedByInitializer.isCancelled(), "the awaited future must be released");
      assertEquals(1, awaitedByInitializer.cancelCount());
    }
  }
}
