package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.time.TimerEntry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimerDriverTest {

  @Test
  void aCancelledTimerGivesItsEntryBackAtOnce() {
    TimerDriver d = RuntimeTesting.timerDriver(false, () -> true);
    TimerEntry e = d.register(d.nanoTime() + 3_600_000_000_000L, () -> { });
    assertEquals(1, d.pendingTimers());
    d.cancel(e);
    assertEquals(0, d.pendingTimers());
  }

  @Test
  void dueTimersFireInBatchesAndWakeEveryWaker() {
    TimerDriver d = RuntimeTesting.timerDriver(true, () -> true);
    AtomicInteger woken = new AtomicInteger();
    for (int i = 0; i < 1000; i++) { // more than several batches
      d.register(d.nanoTime() + 5_000_000L, woken::incrementAndGet);
    }
    d.advance(4_000_000L);
    assertEquals(0, woken.get(), "not due yet");
    d.advance(1_000_000L);
    assertEquals(1000, woken.get());
    assertEquals(0, d.pendingTimers());
  }

  @Test
  void aPastDeadlineIsFiredAtRegistration() {
    TimerDriver d = RuntimeTesting.timerDriver(false, () -> true);
    assertTrue(d.register(d.nanoTime() - 1, () -> { }).fired);
    assertEquals(0, d.pendingTimers());
  }

  @Test
  void autoAdvanceJumpsToTheNextTimerOnlyWhenAllowed() {
    boolean[] allowed = {false};
    TimerDriver d = RuntimeTesting.timerDriver(true, () -> allowed[0]);
    long start = d.nanoTime();
    AtomicInteger woken = new AtomicInteger();
    TimerEntry e = d.register(start + 60_000_000_000L, woken::incrementAndGet);
    d.park(1_000_000L); // not allowed: a real (short) sleep, no jump
    assertFalse(e.fired);
    assertEquals(start, d.nanoTime());
    allowed[0] = true;
    d.park(Driver.FOREVER); // allowed: jump instead of sleeping
    assertTrue(e.fired);
    assertEquals(1, woken.get());
    assertEquals(start + 60_000_000_000L, d.nanoTime());
  }

  @Test
  void shutdownWakesPendingTimersAndRefusesNewOnes() {
    TimerDriver d = RuntimeTesting.timerDriver(false, () -> true);
    AtomicInteger woken = new AtomicInteger();
    d.register(d.nanoTime() + 3_600_000_000_000L, woken::incrementAndGet);
    d.shutdown();
    assertEquals(1, woken.get());
    assertTrue(d.isShutdown());
    assertThrows(IllegalStateException.class, () -> d.register(d.nanoTime() + 1000, () -> { }));
  }
}
