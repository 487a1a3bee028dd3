package dev.weft.stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.ManualStream;
import dev.weft.test.RecordingLogger;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: {@link Streams#toPublisher} swallowed whatever its subscriber threw.
 *
 * <p>A subscriber must not throw from its signals (Reactive Streams §2.13); when one does, the
 * publisher must count its subscription as cancelled and raise the error in a way fit for the
 * runtime. The emitter did the first half only:
 * <ol>
 *   <li>the subscriber's {@code onNext} throws, say a {@link StackOverflowError};
 *   <li>the emitter catches every {@code Throwable}, sets {@code cancelled} and goes on;
 *   <li>its next turn cancels the stream and drops the subscriber;
 *   <li>the error is gone: no {@code onError}, no log record, nothing reaches the thread's
 *       uncaught-exception handler or the caller. The same for {@code onSubscribe},
 *       {@code onComplete} and {@code onError}, whose throws were dropped outright.
 * </ol>
 *
 * <p>The fix: every throw of a subscriber is logged (an {@link Error} at ERROR, an exception at
 * WARNING) and ends the subscription, cancelling a stream that has not ended; an {@link Error}
 * is then thrown on out of the emitter's task, so it reaches the uncaught-exception handler of
 * an executor's thread, or the caller of {@code request} or {@code subscribe} on a direct
 * executor (from {@code onSubscribe}: out of {@code subscribe}). These tests replay each signal
 * through the package-private constructor that takes the logger.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PublisherLostSubscriberErrorsTest {
  private final RecordingLogger log = new RecordingLogger();
  private final CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
  private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "emitter");
    t.setUncaughtExceptionHandler((thread, e) -> uncaught.complete(e));
    return t;
  });

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private <T> Flow.Publisher<T> publisher(Stream<T> source, java.util.concurrent.Executor where) {
    return new StreamPublisher<>(BaseStream.of(source), where, log);
  }

  @Test
  void anErrorFromOnNextReachesTheExecutorThreadsHandlerAndCancelsTheStream() throws Exception {
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    StackOverflowError boom = new StackOverflowError("from onNext");
    Throwing<Integer> sub = new Throwing<Integer>(3).onNextThrows(boom);
    publisher(source, pool).subscribe(sub);
    assertSame(boom, uncaught.get(30, TimeUnit.SECONDS), "the emitter's thread saw the error");
    assertTrue(source.isCancelled());
    assertEquals(List.of(1), sub.items, "no signal after the throw");
    assertFalse(sub.terminated.get());
    assertLogged(Level.ERROR, boom, "onNext");
  }

  @Test
  void anErrorFromOnNextIsThrownToTheCallerOfADirectExecutor() {
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    AssertionError boom = new AssertionError("from onNext");
    Throwing<Integer> sub = new Throwing<Integer>(0).onNextThrows(boom);
    publisher(source, Runnable::run).subscribe(sub);
    assertSame(boom, assertThrows(AssertionError.class, () -> sub.subscription.request(3)));
    assertTrue(source.isCancelled());
    sub.subscription.request(1);
    assertEquals(List.of(1), sub.items, "no signal after the throw");
    assertFalse(sub.terminated.get());
    assertLogged(Level.ERROR, boom, "onNext");
  }

  @Test
  void aRuntimeExceptionFromOnNextCancelsTheStreamAndIsLogged() {
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    IllegalStateException boom = new IllegalStateException("from onNext");
    Throwing<Integer> sub = new Throwing<Integer>(0).onNextThrows(boom);
    publisher(source, Runnable::run).subscribe(sub);
    assertDoesNotThrow(() -> sub.subscription.request(3), "an exception is not thrown on");
    assertTrue(source.isCancelled());
    assertEquals(List.of(1), sub.items, "no signal after the throw");
    assertFalse(sub.terminated.get());
    assertLogged(Level.WARNING, boom, "onNext");
  }

  @Test
  void anErrorFromOnCompleteIsThrownToTheCallerAndLogged() {
    ManualStream<Integer> source = ManualStream.<Integer>with(1).end();
    OutOfMemoryError boom = new OutOfMemoryError("from onComplete");
    Throwing<Integer> sub = new Throwing<Integer>(0).onCompleteThrows(boom);
    publisher(source, Runnable::run).subscribe(sub);
    assertSame(boom, assertThrows(OutOfMemoryError.class, () -> sub.subscription.request(5)));
    assertEquals(List.of(1), sub.items);
    int polls = source.pollCount();
    sub.subscription.request(1);
    assertEquals(polls, source.pollCount(), "the stream had ended and was let go");
    assertFalse(source.isCancelled(), "a stream that ended has nothing to cancel");
    assertLogged(Level.ERROR, boom, "onComplete");
  }

  @Test
  void anErrorFromOnErrorReachesTheExecutorThreadsHandler() throws Exception {
    ManualStream<Integer> source = new ManualStream<Integer>().fail(new IOException("the stream"));
    AssertionError boom = new AssertionError("from onError");
    Throwing<Integer> sub = new Throwing<Integer>(1).onErrorThrows(boom);
    publisher(source, pool).subscribe(sub);
    assertSame(boom, uncaught.get(30, TimeUnit.SECONDS));
    assertTrue(source.isCancelled(), "the failed stream was cancelled, as its owner must");
    assertLogged(Level.ERROR, boom, "onError");
  }

  @Test
  void aRuntimeExceptionFromOnErrorIsLogged() {
    ManualStream<Integer> source = new ManualStream<Integer>().fail(new IOException("the stream"));
    IllegalStateException boom = new IllegalStateException("from onError");
    Throwing<Integer> sub = new Throwing<Integer>(1).onErrorThrows(boom);
    assertDoesNotThrow(() -> publisher(source, Runnable::run).subscribe(sub));
    assertTrue(source.isCancelled());
    assertLogged(Level.WARNING, boom, "onError");
  }

  @Test
  void anErrorFromOnSubscribeIsThrownFromSubscribeAndCancelsTheStream() throws Exception {
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    StackOverflowError boom = new StackOverflowError("from onSubscribe");
    Throwing<Integer> sub = new Throwing<Integer>(5).onSubscribeThrows(boom);
    Flow.Publisher<Integer> p = publisher(source, pool);
    assertSame(boom, assertThrows(StackOverflowError.class, () -> p.subscribe(sub)));
    awaitCancelled(source);
    assertEquals(0, source.pollCount(), "the stream was never polled");
    assertEquals(List.of(), sub.items);
    assertFalse(sub.terminated.get());
    assertLogged(Level.ERROR, boom, "onSubscribe");
    assertFalse(uncaught.isDone(), "thrown once, from subscribe: " + uncaught.getNow(null));
  }

  @Test
  void aRuntimeExceptionFromOnSubscribeCancelsTheStreamAndIsLogged() {
    ManualStream<Integer> source = ManualStream.with(1, 2, 3);
    IllegalStateException boom = new IllegalStateException("from onSubscribe");
    Throwing<Integer> sub = new Throwing<Integer>(5).onSubscribeThrows(boom);
    assertDoesNotThrow(() -> publisher(source, Runnable::run).subscribe(sub));
    assertTrue(source.isCancelled());
    assertEquals(0, source.pollCount());
    assertEquals(List.of(), sub.items);
    assertFalse(sub.terminated.get());
    assertLogged(Level.WARNING, boom, "onSubscribe");
  }

  @Test
  void aRejectedLaterSubscriberThatThrowsIsReportedToo() {
    Flow.Publisher<Integer> p = publisher(ManualStream.with(1), Runnable::run);
    p.subscribe(new Throwing<>(0));
    IllegalStateException fromSubscribe = new IllegalStateException("from onSubscribe");
    Throwing<Integer> second = new Throwing<Integer>(0).onSubscribeThrows(fromSubscribe);
    assertDoesNotThrow(() -> p.subscribe(second));
    assertFalse(second.terminated.get(), "no onError after onSubscribe threw");
    assertLogged(Level.WARNING, fromSubscribe, "onSubscribe");
    AssertionError fromError = new AssertionError("from onError");
    Throwing<Integer> third = new Throwing<Integer>(0).onErrorThrows(fromError);
    assertSame(fromError, assertThrows(AssertionError.class, () -> p.subscribe(third)));
    assertTrue(third.terminated.get());
    assertLogged(Level.ERROR, fromError, "onError");
  }

  private void assertLogged(Level level, Throwable t, String signal) {
    List<RecordingLogger.Entry> found = log.entriesWith(t);
    assertEquals(1, found.size(), "logged once: " + log.entries());
    assertEquals(level, found.get(0).level());
    assertTrue(found.get(0).message().contains(signal), found.get(0).message());
  }

  private static void awaitCancelled(ManualStream<?> s) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!s.isCancelled() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertTrue(s.isCancelled(), "the stream was cancelled");
  }

  /** A subscriber that requests {@code initial} on subscribe and throws where it is told to. */
  static final class Throwing<T> implements Flow.Subscriber<T> {
    final List<T> items = new CopyOnWriteArrayList<>();
    final AtomicBoolean terminated = new AtomicBoolean();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    private final long initial;
    private Throwable fromSubscribe;
    private Throwable fromNext;
    private Throwable fromComplete;
    private Throwable fromError;
    volatile Flow.Subscription subscription;

    Throwing(long initial) {
      this.initial = initial;
    }

    Throwing<T> onSubscribeThrows(Throwable t) {
      fromSubscribe = t;
      return this;
    }

    Throwing<T> onNextThrows(Throwable t) {
      fromNext = t;
      return this;
    }

    Throwing<T> onCompleteThrows(Throwable t) {
      fromComplete = t;
      return this;
    }

    Throwing<T> onErrorThrows(Throwable t) {
      fromError = t;
      return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (initial > 0) {
        s.request(initial);
      }
      throwIfSet(fromSubscribe);
    }

    @Override
    public void onNext(T item) {
      items.add(item);
      throwIfSet(fromNext);
    }

    @Override
    public void onError(Throwable t) {
      assertNull(error.getAndSet(t));
      terminated.set(true);
      throwIfSet(fromError);
    }

    @Override
    public void onComplete() {
      terminated.set(true);
      throwIfSet(fromComplete);
    }

    private static void throwIfSet(Throwable t) {
      if (t instanceof Error e) {
        throw e;
      }
      if (t instanceof RuntimeException r) {
        throw r;
      }
    }
  }
}
