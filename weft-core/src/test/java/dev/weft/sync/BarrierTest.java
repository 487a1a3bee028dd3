package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.test.MockTask;
import org.junit.jupiter.api.Test;

/** The rules of {@link Barrier}, one test each. */
class BarrierTest {

  @Test
  void partiesBelowOneAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
  }

  @Test
  void allWaitUntilTheLastArrivesWhoIsTheOnlyLeader() {
    Barrier b = new Barrier(3);
    MockTask<Boolean> p1 = MockTask.of(b.arriveAndWait());
    MockTask<Boolean> p2 = MockTask.of(b.arriveAndWait());
    p1.assertPending();
    p2.assertPending();
    assertTrue(MockTask.of(b.arriveAndWait()).assertReady(), "the last to arrive leads");
    assertTrue(p1.isWoken());
    assertTrue(p2.isWoken());
    assertFalse(p1.assertReady());
    assertFalse(p2.assertReady());
  }

  @Test
  void aPartyArrivesAtItsFirstPollNotWhenMade() {
    Barrier b = new Barrier(2);
    Future<Boolean> made = b.arriveAndWait();
    MockTask<Boolean> p = MockTask.of(b.arriveAndWait());
    p.assertPending();
    assertTrue(MockTask.of(made).assertReady());
    assertFalse(p.assertReady());
  }

  @Test
  void theBarrierIsReusedGenerationAfterGeneration() {
    Barrier b = new Barrier(2);
    for (int gen = 0; gen < 3; gen++) {
      MockTask<Boolean> first = MockTask.of(b.arriveAndWait());
      first.assertPending();
      assertTrue(MockTask.of(b.arriveAndWait()).assertReady());
      assertFalse(first.assertReady());
    }
  }

  @Test
  void aCancelledArrivalUnArrives() {
    Barrier b = new Barrier(2);
    MockTask<Boolean> gone = MockTask.of(b.arriveAndWait());
    gone.assertPending();
    gone.cancel();
    MockTask<Boolean> p = MockTask.of(b.arriveAndWait());
    p.assertPending();
    assertTrue(MockTask.of(b.arriveAndWait()).assertReady());
    assertFalse(p.assertReady());
    assertEquals("Barrier[0/2]", b.toString());
  }

  @Test
  void aSinglePartyBarrierReleasesAtOnce() {
    assertTrue(MockTask.of(new Barrier(1).arriveAndWait()).assertReady());
  }
}
