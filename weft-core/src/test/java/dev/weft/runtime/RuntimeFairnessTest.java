package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.RuntimeTesting.Mailbox;
import dev.weft.runtime.RuntimeTesting.Latch;
import dev.weft.runtime.RuntimeTesting.Occupied;
import dev.weft.test.ManualFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fairness (Worker's class comment): the injection queue is checked at an interval so wake-ups
 * from outside are not starved by local work, and at most a few LIFO-slot polls run in a row so
 * two tasks waking each other cannot starve the rest of the queue. Every worker but one
 * is kept busy, so the tasks share one thread on every flavour and nobody steals the starved
 * task away.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeFairnessTest {

  /**
   * A plain (unpinned) task relaying numbers: takes one from {@code in}, puts it plus one in
   * {@code out}, until {@code stop}. Its wake-ups consume no cooperative budget, so the budget
   * does not break the relay up: only the scheduler's fairness rules can.
   */
  /** Hops after which the relay stops by itself: the third task was starved. */
  private static final int GIVE_UP_HOPS = 1_000_000;

  private static final class Relay implements Future<Void> {
    private final Mailbox<Integer> in;
    private final Mailbox<Integer> out;
    private final AtomicBoolean stop;
    private final AtomicInteger hops;
    private final Runnable atHop100;
    private Future<Integer> taking;
    private int myHops;

    Relay(Mailbox<Integer> in, Mailbox<Integer> out, AtomicBoolean stop, AtomicInteger hops,
        Runnable atHop100) {
      this.in = in;
      this.out = out;
      this.stop = stop;
      this.hops = hops;
      this.atHop100 = atHop100;
    }

    @Override
    public Poll<Void> poll(Context cx) {
      for (;;) {
        if (stop.get() || hops.get() > GIVE_UP_HOPS) {
          out.put(-1); // lets the other relay see stop too
          return Poll.ready(null);
        }
        if (taking == null) {
          taking = in.take();
        }
        Poll<Integer> p = taking.poll(cx);
        if (!p.isReady()) {
          return Poll.pending();
        }
        taking = null;
        if (p.value() < 0) {
          return Poll.ready(null);
        }
        hops.incrementAndGet();
        if (++myHops == 100) {
          atHop100.run();
        }
        out.put(p.value() + 1);
      }
    }
  }

  /** A task that yields, counting, until {@code stop} (or it gave up: the others starved). */
  /**
   * Yields until {@code stop}, or gives up {@link #GIVE_UP_HOPS} yields after the outside action
   * ({@link #onceBusy} moves {@code giveUpAt}): counted from the start, a fast yield loop (a
   * woven block's) could give up on a loaded machine before the outside thread even ran.
   */
  private static Future<Integer> yieldUntil(AtomicBoolean stop, AtomicInteger yields,
      AtomicInteger giveUpAt) {
    return async(() -> {
      while (!stop.get() && yields.get() < giveUpAt.get()) {
        yields.incrementAndGet();
        Task.yieldNow().await();
      }
      return yields.get();
    });
  }

  /** Starts a thread that does {@code action} from outside the runtime once the yielder runs. */
  private static Thread onceBusy(AtomicInteger yields, AtomicInteger giveUpAt, Runnable action) {
    return Thread.ofPlatform().start(() -> {
      RuntimeTesting.eventually("the busy task runs", () -> yields.get() > 100);
      int now = yields.get();
      action.run();
      giveUpAt.set(now + GIVE_UP_HOPS);
    });
  }

  /** Until the outside action ran: a bound only in case that thread never does. */
  private static AtomicInteger giveUpAtFirst() {
    return new AtomicInteger(20 * GIVE_UP_HOPS);
  }

  @ParameterizedTest
  @EnumSource
  void twoTasksWakingEachOtherDoNotStarveAThirdTask(RuntimeFlavour flavour) {
    try (AsyncRuntime rt = flavour.build(); Occupied others = Occupied.allButOne(rt, flavour)) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger hops = new AtomicInteger();
      AtomicInteger hopsWhenThirdRan = new AtomicInteger(-1);
      // Spawned by a relay in mid-flight, the third task lands in the LIFO slot and is pushed
      // into the queue by the relay's next wake-up: behind two tasks that keep waking each other.
      Runnable spawnThird = () -> Task.spawn(Futures.lazy(() -> {
        hopsWhenThirdRan.set(hops.get());
        stop.set(true);
        return null;
      }));
      rt.blockOn(rt.spawn(async(() -> {
        Mailbox<Integer> toA = new Mailbox<>();
        Mailbox<Integer> toB = new Mailbox<>();
        JoinHandle<Void> a = Task.spawn(new Relay(toA, toB, stop, hops, spawnThird));
        JoinHandle<Void> b = Task.spawn(new Relay(toB, toA, stop, hops, () -> { }));
        toA.put(0);
        a.await();
        b.await();
        return null;
      })));
      int ranAt = hopsWhenThirdRan.get();
      assertTrue(ranAt >= 100 && ranAt < GIVE_UP_HOPS,
          "the third task ran only once the relay gave up: at hop " + ranAt);
    }
  }

  /**
   * On the multi-thread runtime both tasks are pinned to the one free worker (each holds a
   * suspended coroutine); the parked one is woken from another thread, so its wake-up travels
   * through the worker's remote pinned stack, while the yielding one keeps re-queueing itself
   * locally.
   */
  @ParameterizedTest
  @EnumSource
  void aTaskWokenFromOutsideIsNotStarvedByATaskThatAlwaysYieldsOnTheSameThread(RuntimeFlavour flavour) throws Exception {
    try (AsyncRuntime rt = flavour.build(); Occupied others = Occupied.allButOne(rt, flavour)) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger yields = new AtomicInteger();
      AtomicInteger yieldsWhenWokenRan = new AtomicInteger(-1);
      ManualFuture<Void> wake = new ManualFuture<>();
      Latch parked = new Latch(1);
      JoinHandle<Void> woken = rt.spawn(async(() -> {
        parked.countDown();
        wake.await();
        yieldsWhenWokenRan.set(yields.get());
        stop.set(true);
        return null;
      }));
      rt.blockOn(parked.done());
      AtomicInteger giveUpAt = giveUpAtFirst();
      JoinHandle<Integer> busy = rt.spawn(yieldUntil(stop, yields, giveUpAt));
      Thread outside = onceBusy(yields, giveUpAt, () -> wake.complete(null));
      rt.blockOn(busy);
      outside.join();
      rt.blockOn(woken);
      int ranAt = yieldsWhenWokenRan.get();
      assertTrue(ranAt > 100 && ranAt < giveUpAt.get(),
          "the woken task ran only once the busy one gave up: at yield " + ranAt);
    }
  }

  @ParameterizedTest
  @EnumSource
  void aTaskThatAlwaysYieldsDoesNotStarveTasksSpawnedFromOutside(RuntimeFlavour flavour) throws Exception {
    try (AsyncRuntime rt = flavour.build(); Occupied others = Occupied.allButOne(rt, flavour)) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger yields = new AtomicInteger();
      AtomicInteger giveUpAt = giveUpAtFirst();
      JoinHandle<Integer> busy = rt.spawn(yieldUntil(stop, yields, giveUpAt));
      Thread outside = onceBusy(yields, giveUpAt, () -> rt.spawn(Futures.lazy(() -> {
        stop.set(true);
        return null;
      })));
      int yielded = rt.blockOn(busy);
      outside.join();
      assertTrue(yielded > 100 && yielded < giveUpAt.get(),
          "the task from outside ran only once the busy one gave up: " + yielded);
    }
  }
}
