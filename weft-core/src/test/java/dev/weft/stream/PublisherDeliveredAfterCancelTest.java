package dev.weft.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: {@link Streams#toPublisher} handed on an item after {@code cancel()} returned.
 *
 * <p>The TCK's {@code required_spec306_afterSubscriptionIsCancelledRequestMustBeNops} subscribes,
 * cancels, then requests 1 three times, and fails on any {@code onNext}: after a cancel, requests
 * must be no-ops (§3.6). It failed once on a loaded machine with "Did not expect an element but
 * got element [0]". The emitter's turn, on an executor thread, went:
 * <ol>
 *   <li>the task reads {@code cancelled}: false;
 *   <li>it polls the stream for its item of look-ahead (or is preempted there);
 *   <li>meanwhile the subscriber's thread calls {@code cancel()}, which sets {@code cancelled}
 *       and returns, then {@code request(1)}, which still added 1 to the demand;
 *   <li>the task reads the demand, 1, and calls {@code onNext(0)}: an item the subscriber never
 *       asked for before it cancelled, handed on after the cancel returned.
 * </ol>
 *
 * <p>The fix: {@code request} after a cancel adds nothing (§3.6 taken at its word), and the task
 * reads {@code cancelled} again after the demand, right before handing an item on, so an item
 * that became ready after {@code cancel()} returned is never delivered, whatever the demand. The
 * first two tests replay step 3 from inside the stream's poll on another thread, so the
 * interleaving is certain; the third runs the TCK's sequence many times on a pool.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PublisherDeliveredAfterCancelTest {

  @Test
  void aRequestAfterCancelReturnedWhileTheTaskPolledDeliversNothing() {
    Recorder sub = new Recorder(0);
    CancellingStream source = new CancellingStream(sub, s -> {
      s.cancel();
      s.request(1);
    });
    Streams.toPublisher(source, Runnable::run).subscribe(sub);
    assertEquals(List.of(), sub.items, "an item came after cancel() returned");
    assertEquals(1, source.cancels.get(), "the stream was cancelled");
    assertNull(sub.signal.get());
  }

  @Test
  void anItemReadyOnlyAfterCancelReturnedIsNotDeliveredEvenWithDemand() {
    Recorder sub = new Recorder(1); // demand from before the cancel
    CancellingStream source = new CancellingStream(sub, Flow.Subscription::cancel);
    Streams.toPublisher(source, Runnable::run).subscribe(sub);
    assertEquals(List.of(), sub.items, "an item came after cancel() returned");
    assertEquals(1, source.cancels.get(), "the stream was cancelled");
    assertNull(sub.signal.get());
  }

  /** The TCK's sequence, on a pool whose thread polls while the test's thread cancels. */
  @Test
  void theTckSequenceNeverDeliversAnItem() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3_000; round++) {
        Recorder sub = new Recorder(0);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        Stream<Integer> source = new Stream<>() {
          @Override
          public Poll<Optional<Integer>> pollNext(Context cx) {
            Thread.yield(); // widens the window between the task's cancel check and its demand
            return Poll.ready(Optional.of(next.getAndIncrement()));
          }

          @Override
          public void cancel() {
            cancelled.countDown();
          }
        };
        Streams.toPublisher(source, pool).subscribe(sub);
        sub.subscription.cancel();
        sub.subscription.request(1);
        sub.subscription.request(1);
        sub.subscription.request(1);
        assertTrue(cancelled.await(30, TimeUnit.SECONDS), "round " + round + ": never cancelled");
        assertEquals(List.of(), sub.items, "round " + round + ": delivered after cancel");
        assertNull(sub.signal.get(), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Records items and any terminal signal; requests {@code initial} on subscribe. */
  static final class Recorder implements Flow.Subscriber<Integer> {
    final List<Integer> items = new CopyOnWriteArrayList<>();
    final AtomicReference<String> signal = new AtomicReference<>();
    private final long initial;
    volatile Flow.Subscription subscription;

    Recorder(long initial) {
      this.initial = initial;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (initial > 0) {
        s.request(initial);
      }
    }

    @Override
    public void onNext(Integer item) {
      items.add(item);
    }

    @Override
    public void onError(Throwable t) {
      signal.set("onError " + t);
    }

    @Override
    public void onComplete() {
      signal.set("onComplete");
    }
  }

  /**
   * A stream whose first poll runs {@code racer} on the subscription on another thread, waits
   * for it to return, then gives an item: what the subscriber's thread does while the emitter's
   * task is inside the poll.
   */
  static final class CancellingStream implements Stream<Integer> {
    final AtomicInteger cancels = new AtomicInteger();
    private final Recorder sub;
    private final Consumer<Flow.Subscription> racer;
    private int polls;

    CancellingStream(Recorder sub, Consumer<Flow.Subscription> racer) {
      this.sub = sub;
      this.racer = racer;
    }

    @Override
    public Poll<Optional<Integer>> pollNext(Context cx) {
      if (polls++ == 0) {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread other = new Thread(() -> racer.accept(sub.subscription), "subscriber");
        other.setUncaughtExceptionHandler((t, e) -> failed.set(e));
        other.start();
        try {
          other.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        if (failed.get() != null) {
          throw new AssertionError("the subscriber's thread failed", failed.get());
        }
      }
      return Poll.ready(Optional.of(polls));
    }

    @Override
    public void cancel() {
      cancels.incrementAndGet();
    }
  }
}
