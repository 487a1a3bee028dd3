package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.internal.coro.Continuations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM without the coroutine flag (the Surefire execution "without-coroutine-flag"):
 * no task can be pinned to a worker there, so a multi-thread runtime shares one selector among
 * its workers by default (see {@link Selectors}), and the system property still chooses.
 */
@Tag("without-coroutine-flag")
class SelectorShapeWithoutCoroutineFlagTest {

  @Test
  void multiThreadRuntimeSharesOneSelectorByDefault() {
    assertFalse(Continuations.available());
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(3).build()) {
      assertEquals(1, IoDriverProbe.selectors(rt));
    }
  }

  @Test
  void thePropertyStillChoosesOneSelectorPerWorker() {
    synchronized (SelectorShapeWithoutCoroutineFlagTest.class) {
      System.setProperty("weft.io.selectors", "per-worker");
      AsyncRuntime.Builder b;
      try {
        b = AsyncRuntime.builder();
      } finally {
        System.clearProperty("weft.io.selectors");
      }
      try (AsyncRuntime rt = b.multiThread().workers(3).build()) {
        assertEquals(3, IoDriverProbe.selectors(rt));
      }
    }
  }
}
