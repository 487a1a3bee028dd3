package dev.weft.future;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualFuture;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaceTest {

  @Test
  void raceGivesTheFirstToFinishAndCancelsTheLosers() {
    ManualFuture<String> a = new ManualFuture<>("a");
    ManualFuture<String> b = new ManualFuture<>("b");
    ManualFuture<String> c = new ManualFuture<>("c");
    MockTask<String> t = MockTask.of(Futures.race(a, b, c));
    t.assertPending();
    b.complete("b wins");
    assertTrue(t.isWoken());
    assertEquals("b wins", t.assertReady());
    assertTrue(a.isCancelled());
    assertTrue(c.isCancelled());
    assertFalse(b.isCancelled());
  }

  @Test
  void aFailureFinishesARaceToo() {
    ManualFuture<String> slow = new ManualFuture<>("slow");
    IOException io = new IOException();
    MockTask<String> t = MockTask.of(Futures.race(List.of(slow, Futures.failed(io))));
    assertSame(io, t.assertFails());
    assertTrue(slow.isCancelled());
  }

  @Test
  void raceLosersThatAreAsyncBlocksRunTheirFinallyBlocks() {
    List<String> trace = new ArrayList<>();
    ManualFuture<Integer> never = new ManualFuture<>();
    Future<Integer> loser = async(() -> {
      try {
        return never.await();
      } finally {
        trace.add("loser cleaned up");
      }
    });
    ManualFuture<Integer> winner = new ManualFuture<>();
    MockTask<Integer> t = MockTask.of(Futures.race(loser, winner));
    t.assertPending();
    winner.complete(1);
    assertEquals(1, t.assertReady());
    assertEquals(List.of("loser cleaned up"), trace);
  }

  @Test
  void anEmptyRaceOrSelectOkIsRejectedAtTheCall() {
    assertThrows(IllegalArgumentException.class, () -> Futures.race(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Futures.race());
    assertThrows(IllegalArgumentException.class, () -> Futures.selectOk(List.of()));
  }

  @Test
  void selectOkGivesTheFirstSuccessAndCancelsTheOthers() {
    ManualFuture<String> failing = new ManualFuture<>("failing");
    ManualFuture<String> winner = new ManualFuture<>("winner");
    ManualFuture<String> slow = new ManualFuture<>("slow");
    MockTask<String> t = MockTask.of(Futures.selectOk(List.of(failing, winner, slow)));
    t.assertPending();
    failing.fail(new IOException());
    t.assertPending();
    winner.complete("ok");
    assertEquals("ok", t.assertReady());
    assertTrue(slow.isCancelled());
  }

  @Test
  void selectOkFailsWithTheLastFailureOnlyWhenAllFail() {
    ManualFuture<String> a = new ManualFuture<>("a");
    ManualFuture<String> b = new ManualFuture<>("b");
    MockTask<String> t = MockTask.of(Futures.selectOk(List.of(a, b)));
    t.assertPending();
    IllegalStateException firstInTime = new IllegalStateException("b");
    b.fail(firstInTime);
    t.assertPending();
    IllegalArgumentException last = new IllegalArgumentException("a");
    a.fail(last);
    assertSame(last, t.assertFails());
  }

  @Test
  void cancellingARaceCancelsAllInputs() {
    ManualFuture<String> a = new ManualFuture<>("a");
    ManualFuture<String> b = new ManualFuture<>("b");
    Future<String> r = Futures.race(a, b);
    MockTask.of(r).assertPending();
    r.cancel();
    r.cancel();
    assertEquals(1, a.cancelCount());
    assertEquals(1, b.cancelCount());
  }
}
