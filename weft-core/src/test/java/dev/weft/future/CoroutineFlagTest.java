package dev.weft.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.coro.Continuations;
import org.junit.jupiter.api.Test;

/** The normal test run has the coroutine flag (so a broken argLine cannot pass unnoticed). */
class CoroutineFlagTest {

  @Test
  void theNormalRunHasTheFlag() {
    assertTrue(Continuations.available(), "Surefire's argLine lost the --add-exports flag");
    assertEquals("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED", Continuations.requiredFlag());
  }
}
