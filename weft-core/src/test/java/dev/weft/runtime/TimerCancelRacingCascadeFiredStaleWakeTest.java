package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.future.Waker;
import dev.weft.internal.time.TimerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a timer cancelled while the wheel cascaded its slot still fired at its deadline.
 *
 * <p>{@code TimerDriver.cancel} looked at {@code entry.isLinked()} without the driver's lock and
 * skipped the removal when it read false. But the wheel's cascade (moving the entries of a
 * higher-level slot down a level as time reaches it, under the lock) unlinks each entry and
 * re-places it: for a moment the entry is linked nowhere. A cancel that read {@code isLinked()}
 * in that moment did nothing, the cascade put the entry back into the wheel, and it fired later:
 * a stale wake-up of a waker whose owner had cancelled the timer (thousands in a few million
 * cancels whose deadlines share a slot).
 *
 * <p>Also: {@code shutdown()} collected the wheel's entries into the driver's {@code batch} array,
 * documented as the driver thread's alone, while a worker might still be firing with it.
 *
 * <p>The fix: a cancel takes the lock unless the entry already fired (then the driver took it
 * out), and shutdown uses an array of its own. The fuzz test below cancels timers whose deadlines
 * all fall on cascade boundaries while another thread keeps advancing the clock, and checks the
 * rule a canceller relies on: a timer found not fired by the time its cancel returned never
 * wakes its waker afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimerCancelRacingCascadeFiredStaleWakeTest {

  /** A waker that records a wake coming after its timer was cancelled unfired. */
  private static final class Probe implements Waker {
    final AtomicBoolean cancelledUnfired = new AtomicBoolean();
    final AtomicLong staleWakes;

    Probe(AtomicLong staleWakes) {
      this.staleWakes = staleWakes;
    }

    @Override
    public void wake() {
      if (cancelledUnfired.get()) {
        staleWakes.incrementAndGet();
      }
    }
  }

  @Test
  void aTimerCancelledUnfiredNeverWakesEvenWhenItsSlotCascades() throws Exception {
    TimerDriver d = RuntimeTesting.timerDriver(true, () -> false);
    AtomicLong staleWakes = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long ms = 1_000_000L;
    Thread advancer = new Thread(() -> {
      try {
        while (!stop.get()) {
          d.advance(ms);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "advancer");
    int threads = 3;
    long runFor = TimeUnit.SECONDS.toNanos(3); // a few million cancels: the window is nanoseconds
    CountDownLatch done = new CountDownLatch(threads);
    List<Thread> cancellers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      cancellers.add(new Thread(() -> {
        try {
          long end = System.nanoTime() + runFor;
          while (System.nanoTime() < end) {
            Probe p = new Probe(staleWakes);
            // A deadline on a level-1 slot boundary a few slots ahead: it cascades to level 0
            // (or straight to the due list) when the clock reaches the slot.
            long tick = ((d.nowTick() >> 6) + 2) << 6;
            TimerEntry e = d.register(d.nanosOfTick(tick), p);
            Thread.onSpinWait();
            d.cancel(e);
            if (!e.fired) {
              p.cancelledUnfired.set(true);
            }
          }
        } catch (Throwable t) {
          failure.set(t);
        } finally {
          done.countDown();
        }
      }, "canceller-" + i));
    }
    advancer.start();
    cancellers.forEach(Thread::start);
    done.await();
    stop.set(true);
    advancer.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    d.advance(3_600_000L * ms); // every timer that could still fire, fires now
    assertEquals(0, staleWakes.get(), "timers cancelled unfired woke their wakers afterwards");
    assertEquals(0, d.pendingTimers());
  }

  @Test
  void shutdownWhileTheDriverFiresWakesEveryPendingTimerExactlyOnce() throws Exception {
    for (int round = 0; round < 50; round++) {
      TimerDriver d = RuntimeTesting.timerDriver(true, () -> false);
      int timers = 20_000;
      AtomicLong[] wakes = new AtomicLong[timers];
      for (int i = 0; i < timers; i++) {
        AtomicLong w = new AtomicLong();
        wakes[i] = w;
        d.register(d.nanoTime() + (1 + i % 50) * 1_000_000L, w::incrementAndGet);
      }
      Thread firer = new Thread(() -> d.advance(25_000_000L), "firer");
      firer.start();
      d.shutdown();
      firer.join();
      for (int i = 0; i < timers; i++) {
        assertEquals(1, wakes[i].get(), "timer " + i + " woken " + wakes[i].get() + " times");
      }
    }
  }
}
