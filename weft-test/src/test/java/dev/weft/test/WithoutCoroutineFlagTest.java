package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM started without {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}
 * (the Surefire execution "without-coroutine-flag"), as a user's test JVM may be: a
 * {@code @WeftTest} fails with weft's message naming the flag, and the hand-polling classes,
 * which need no async block, work.
 */
@Tag("without-coroutine-flag")
class WithoutCoroutineFlagTest {

  static class AnyWeftTest {
    static boolean ran;

    @WeftTest
    void body() {
      ran = true;
    }
  }

  @Test
  void theJvmReallyLacksTheFlag() {
    assertThrows(IllegalStateException.class, () -> Async.async(() -> 1));
  }

  @Test
  void aWeftTestFailsSayingWhichFlagToAdd() {
    Throwable e = Jupiter.theFailureOf(AnyWeftTest.class);
    assertInstanceOf(IllegalStateException.class, e);
    assertTrue(e.getMessage().contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"),
        e.getMessage());
    assertFalse(AnyWeftTest.ran, "the body did not run");
  }

  @Test
  void theHandPollingClassesWork() {
    ManualFuture<Integer> input = new ManualFuture<>();
    MockTask<Integer> task = MockTask.of(Futures.race(input, Futures.ready(2)));
    assertEquals(2, task.assertReady());
    assertTrue(input.isCancelled());
  }
}
