package dev.weft.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.coro.Continuations;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM started without {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}
 * (the Surefire execution "without-coroutine-flag"): async blocks fail with the exact fix, and
 * everything else in weft still works.
 */
@Tag("without-coroutine-flag")
class WithoutCoroutineFlagTest {

  @Test
  void theJvmReallyLacksTheFlag() {
    assertFalse(Continuations.available());
  }

  @Test
  void asyncFailsAtTheCallWithTheFlagToAdd() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Async.async(() -> 1));
    assertTrue(e.getMessage().contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"),
        e.getMessage());
    assertTrue(e.getMessage().contains("JDK_JAVA_OPTIONS"), e.getMessage());
    assertTrue(e.getMessage().contains("Add-Exports"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Async.asyncRun(() -> { }));
    assertFalse(Async.inAsync());
  }

  @Test
  void theRestOfWeftWorks() {
    assertEquals(new Tuple2<>(1, 2), Futures.blockOn(Futures.join(Futures.ready(1), Futures.ready(2))));
    assertEquals(List.of(1, 2), Futures.blockOn(Futures.tryJoinAll(List.of(Futures.ready(1), Futures.ready(2)))));
    assertEquals(3, Futures.blockOn(Futures.<Integer>race(Futures.<Integer>pending(), Futures.ready(3))));
    assertEquals("x", Futures.blockOn(Select.<String>create().on(Futures.ready(1).fuse(), v -> "x").future()));
    assertEquals(Integer.valueOf(4), Futures.blockOn(Futures.ready(2).map(x -> x * 2)));
  }
}
