package dev.weft.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.ManualStream;
import dev.weft.test.MockStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Streams.fromPublisher and Streams.toPublisher, beyond what the TCK checks. */
class StreamFlowTest {

  /** A publisher driven by the test: records requests and cancel, sends what the test says. */
  static final class ScriptedPublisher implements Flow.Publisher<Integer>, Flow.Subscription {
    final List<Long> requests = new CopyOnWriteArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    volatile Flow.Subscriber<? super Integer> subscriber;
    int subscribes;

    @Override
    public void subscribe(Flow.Subscriber<? super Integer> s) {
      subscribes++;
      subscriber = s;
      s.onSubscribe(this);
    }

    @Override
    public void request(long n) {
      requests.add(n);
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }

    long requested() {
      return requests.stream().mapToLong(Long::longValue).sum();
    }
  }

  @Test
  void fromPublisherSubscribesLazilyAndRequestsInBatches() {
    ScriptedPublisher p = new ScriptedPublisher();
    Stream<Integer> s = Streams.fromPublisher(p, 8);
    assertEquals(0, p.subscribes, "nothing happens before the first poll");
    MockStream<Integer> m = MockStream.of(s);
    m.assertPending();
    assertEquals(1, p.subscribes);
    assertEquals(List.of(8L), p.requests, "a batch up front");
    for (int i = 0; i < 8; i++) {
      p.subscriber.onNext(i);
    }
    assertTrue(m.isWoken());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, m.assertNext());
    }
    assertEquals(8, p.requested(), "no more demand before half the batch was taken");
    assertEquals(3, m.assertNext());
    assertEquals(List.of(8L, 4L), p.requests, "half a batch more after half was taken");
    for (int i = 4; i < 8; i++) {
      assertEquals(i, m.assertNext());
    }
    assertEquals(List.of(8L, 4L, 4L), p.requests);
    m.assertPending();
    p.subscriber.onComplete();
    assertTrue(m.isWoken());
    m.assertEnd();
  }

  @Test
  void fromPublisherNeverBuffersMoreThanItRequested() {
    ScriptedPublisher p = new ScriptedPublisher();
    MockStream<Integer> m = MockStream.of(Streams.fromPublisher(p, 16));
    m.assertPending();
    int sent = 0;
    int taken = 0;
    for (int round = 0; round < 50; round++) {
      while (sent < p.requested()) {
        p.subscriber.onNext(sent++);
      }
      assertTrue(sent - taken <= 16, "buffered " + (sent - taken));
      int take = 1 + round % 7;
      for (int i = 0; i < take && taken < sent; i++) {
        assertEquals(taken++, m.assertNext());
      }
    }
  }

  @Test
  void fromPublisherFailsWithTheOriginalError() {
    ScriptedPublisher p = new ScriptedPublisher();
    MockStream<Integer> m = MockStream.of(Streams.fromPublisher(p));
    m.assertPending();
    IOException io = new IOException("source broke");
    p.subscriber.onNext(1);
    p.subscriber.onError(io);
    assertEquals(1, m.assertNext(), "items before the error come first");
    assertSame(io, m.assertFails());
  }

  @Test
  void cancellingTheStreamCancelsTheSubscription() {
    ScriptedPublisher p = new ScriptedPublisher();
    MockStream<Integer> m = MockStream.of(Streams.fromPublisher(p));
    m.assertPending();
    m.cancel();
    assertTrue(p.cancelled.get());
    p.subscriber.onNext(1); // §2.8: tolerated after cancel, dropped
  }

  @Test
  void aStreamCancelledBeforeItsFirstPollNeverSubscribes() {
    ScriptedPublisher p = new ScriptedPublisher();
    Stream<Integer> s = Streams.fromPublisher(p);
    s.cancel();
    assertEquals(0, p.subscribes);
  }

  @Test
  void aSecondSubscriptionIsCancelled() {
    ScriptedPublisher p = new ScriptedPublisher();
    PublisherStream<Integer> s = new PublisherStream<>(p, 4);
    MockStream.of(s).assertPending();
    ScriptedPublisher other = new ScriptedPublisher();
    s.subscriber().onSubscribe(other);
    assertTrue(other.cancelled.get());
    assertFalse(p.cancelled.get());
  }

  @Test
  void fromPublisherReadsASubmissionPublisherFedFromAnotherThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(pool, 4)) {
      Stream<Integer> s = Streams.fromPublisher(pub, 4);
      Thread feeder = new Thread(() -> {
        awaitSubscriber(pub);
        for (int i = 0; i < 1_000; i++) {
          pub.submit(i); // blocks while the subscriber's buffer is full: back-pressure
        }
        pub.close();
      });
      feeder.start();
      long sum = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> Futures.blockOn(s.fold(0L, (acc, x) -> Futures.ready(acc + x))));
      feeder.join();
      assertEquals(999L * 1000 / 2, sum);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toPublisherHonoursDemandAndCompletes() throws Exception {
    Recorder<Integer> r = new Recorder<>();
    Streams.toPublisher(Streams.of(1, 2, 3, 4, 5), Runnable::run).subscribe(r);
    assertEquals(List.of(), r.items);
    r.subscription.request(2);
    assertEquals(List.of(1, 2), r.items);
    assertFalse(r.completed.get());
    r.subscription.request(10);
    assertEquals(List.of(1, 2, 3, 4, 5), r.items);
    assertTrue(r.completed.get());
  }

  @Test
  void toPublisherSignalsTheOriginalFailure() {
    IOException io = new IOException("checked");
    Recorder<Integer> r = new Recorder<>();
    Streams.toPublisher(ManualStream.<Integer>with(1).fail(io), Runnable::run).subscribe(r);
    r.subscription.request(5);
    assertEquals(List.of(1), r.items);
    assertSame(io, r.error.get());
  }

  @Test
  void toPublisherPollsOnTheExecutorAndWakesItWhenTheStreamCanGoOn() throws Exception {
    ManualStream<Integer> source = new ManualStream<>();
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "emitter"));
    try {
      Recorder<Integer> r = new Recorder<>();
      Streams.toPublisher(source, pool).subscribe(r);
      r.subscription.request(Long.MAX_VALUE);
      source.push(1).push(2);
      source.push(3).end();
      assertTrue(r.done.await(10, TimeUnit.SECONDS));
      assertEquals(List.of(1, 2, 3), r.items);
      assertTrue(r.threads.stream().allMatch("emitter"::equals), "signals come from the executor: " + r.threads);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancellingTheSubscriptionCancelsTheStream() {
    ManualStream<Integer> source = ManualStream.with(1);
    Recorder<Integer> r = new Recorder<>();
    Streams.toPublisher(source, Runnable::run).subscribe(r);
    r.subscription.request(1);
    r.subscription.cancel();
    assertTrue(source.isCancelled());
    r.subscription.request(1);
    assertEquals(List.of(1), r.items);
    assertNull(r.error.get());
  }

  @Test
  void toPublisherSignalsTheEndAndAFailureWithoutWaitingForDemand() {
    Recorder<Integer> empty = new Recorder<>();
    Streams.toPublisher(Streams.<Integer>empty(), Runnable::run).subscribe(empty);
    assertTrue(empty.completed.get());
    Recorder<Integer> failing = new Recorder<>();
    IllegalStateException boom = new IllegalStateException();
    Streams.toPublisher(new ManualStream<Integer>().fail(boom), Runnable::run).subscribe(failing);
    assertSame(boom, failing.error.get());
    Recorder<Integer> lazy = new Recorder<>();
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    Streams.toPublisher(source, Runnable::run).subscribe(lazy);
    assertEquals(1, source.pollCount(), "one item of look-ahead, no more, before any demand");
    assertEquals(List.of(), lazy.items);
  }

  @Test
  void aRejectingExecutorEndsTheSubscriptionWithOnError() {
    ManualStream<Integer> source = ManualStream.with(1);
    Recorder<Integer> r = new Recorder<>();
    java.util.concurrent.RejectedExecutionException rejected = new java.util.concurrent.RejectedExecutionException("closed");
    Streams.toPublisher(source, task -> {
      throw rejected;
    }).subscribe(r);
    assertSame(rejected, r.error.get());
    assertTrue(source.isCancelled());
  }

  @Test
  void toPublisherIsUnicast() {
    Flow.Publisher<Integer> p = Streams.toPublisher(Streams.of(1), Runnable::run);
    p.subscribe(new Recorder<>());
    Recorder<Integer> second = new Recorder<>();
    p.subscribe(second);
    assertInstanceOf(IllegalStateException.class, second.error.get());
    assertThrows(NullPointerException.class, () -> p.subscribe(null));
  }

  @Test
  void aRoundTripThroughFlowKeepsEveryItem() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Integer> input = StreamCombinatorsTest.range(1, 5_000);
      Flow.Publisher<Integer> pub = Streams.toPublisher(Streams.fromIterable(input).filter(x -> true), pool);
      List<Integer> out = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> Futures.blockOn(Streams.fromPublisher(pub, 16).collectList()));
      assertEquals(input, out);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailureCrossesTheRoundTripAsItIs() {
    IllegalStateException boom = new IllegalStateException();
    Flow.Publisher<Integer> pub = Streams.toPublisher(new ManualStream<Integer>().fail(boom), Runnable::run);
    assertSame(boom, assertThrows(IllegalStateException.class, () -> Futures.blockOn(Streams.fromPublisher(pub).count())));
    IOException io = new IOException();
    Flow.Publisher<Integer> checked = Streams.toPublisher(new ManualStream<Integer>().fail(io), Runnable::run);
    assertSame(io, assertThrows(CompletionException.class, () -> Futures.blockOn(Streams.fromPublisher(checked).count())).getCause());
  }

  /** Records what a publisher signals. */
  static final class Recorder<T> implements Flow.Subscriber<T> {
    final List<T> items = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final AtomicBoolean completed = new AtomicBoolean();
    final CountDownLatch done = new CountDownLatch(1);
    Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(T item) {
      threads.add(Thread.currentThread().getName());
      items.add(item);
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      done.countDown();
    }

    @Override
    public void onComplete() {
      completed.set(true);
      done.countDown();
    }
  }

  /** Waits until {@code pub} has a subscriber; fails (instead of spinning forever) after 20 s. */
  private static void awaitSubscriber(SubmissionPublisher<?> pub) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (pub.getNumberOfSubscribers() == 0) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the stream never subscribed");
      }
      Thread.onSpinWait();
    }
  }
}
