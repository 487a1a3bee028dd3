package dev.weft.future;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectTest {

  @Test
  void theFirstReadyBranchGivesTheResult() {
    ManualFuture<Integer> a = new ManualFuture<>("a");
    ManualFuture<Integer> b = new ManualFuture<>("b");
    MockTask<String> t = MockTask.of(Select.<String>create()
        .on(a.fuse(), v -> "a " + v)
        .on(b.fuse(), v -> "b " + v)
        .future());
    t.assertPending();
    b.complete(2);
    assertTrue(t.isWoken());
    assertEquals("b 2", t.assertReady());
    assertFalse(a.isCancelled(), "select does not cancel its branches: they belong to the caller");
  }

  @Test
  void branchesAreVisitedAtRandomUnlessBiased() {
    Set<String> winners = new HashSet<>();
    for (int i = 0; i < 200 && winners.size() < 2; i++) {
      winners.add(Futures.blockOn(Select.<String>create()
          .on(Futures.ready(1).fuse(), v -> "first")
          .on(Futures.ready(2).fuse(), v -> "second")
          .future()));
    }
    assertEquals(Set.of("first", "second"), winners, "both ready branches win sometimes");
    for (int i = 0; i < 100; i++) {
      assertEquals("first", Futures.blockOn(Select.<String>create()
          .on(Futures.ready(1).fuse(), v -> "first")
          .on(Futures.ready(2).fuse(), v -> "second")
          .biased()
          .future()));
    }
  }

  @Test
  void terminatedBranchesAreSkippedInASelectLoop() {
    FusedFuture<Integer> a = Futures.ready(1).fuse();
    FusedFuture<Integer> b = Futures.ready(2).fuse();
    Select<String> select = Select.<String>create()
        .on(a, v -> "a")
        .on(b, v -> "b")
        .complete(() -> "complete");
    Set<String> seen = new HashSet<>();
    seen.add(Futures.blockOn(select.future()));
    seen.add(Futures.blockOn(select.future()));
    assertEquals(Set.of("a", "b"), seen, "each branch fires once; the terminated one is skipped");
    assertEquals("complete", Futures.blockOn(select.future()));
  }

  @Test
  void allTerminatedWithoutCompleteRunsOtherwiseElseFails() {
    FusedFuture<Integer> done = Futures.ready(1).fuse();
    Futures.blockOn(done);
    assertEquals("otherwise", Futures.blockOn(Select.<String>create()
        .on(done, v -> "a").otherwise(() -> "otherwise").future()));
    Throwable t = MockTask.of(Select.<String>create().on(done, v -> "a").future()).assertFails();
    assertInstanceOf(IllegalStateException.class, t);
  }

  @Test
  void aSelectWithNoBranch() {
    assertEquals("c", Futures.blockOn(Select.<String>create().complete(() -> "c").future()));
    assertEquals("o", Futures.blockOn(Select.<String>create().otherwise(() -> "o").future()));
    assertInstanceOf(IllegalStateException.class,
        MockTask.of(Select.<String>create().future()).assertFails());
  }

  @Test
  void otherwiseRunsWhenNothingIsReadyOnTheFirstPoll() {
    ManualFuture<Integer> a = new ManualFuture<>();
    assertEquals("nothing yet", MockTask.of(Select.<String>create()
        .on(a.fuse(), v -> "a")
        .otherwise(() -> "nothing yet")
        .future()).assertReady());
    a.complete(1);
    assertEquals("a", MockTask.of(Select.<String>create()
        .on(a.fuse(), v -> "a")
        .otherwise(() -> "nothing yet")
        .future()).assertReady());
  }

  @Test
  void aFailingBranchFailsTheSelect() {
    IOException io = new IOException();
    assertSame(io, MockTask.of(Select.<String>create()
        .on(Futures.<Integer>failed(io).fuse(), v -> "x").future()).assertFails());
  }

  @Test
  void awaitInsideAnAsyncBlock() {
    ManualFuture<Integer> slow = new ManualFuture<>();
    assertEquals("fast", Futures.blockOn(async(() -> Select.<String>create()
        .on(slow.fuse(), v -> "slow")
        .on(Futures.ready(1).fuse(), v -> "fast")
        .await())));
  }
}
