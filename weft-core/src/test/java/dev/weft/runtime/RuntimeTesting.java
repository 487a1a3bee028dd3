package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** What the runtime tests share: waiting without timing assertions, latches, thread checks. */
final class RuntimeTesting {
  private RuntimeTesting() {}

  /**
   * A timer driver on a plain thread driver, for tests of the driver alone; a failure it reports
   * (a waker that threw) fails the test.
   */
  static TimerDriver timerDriver(boolean paused, BooleanSupplier autoAdvanceAllowed) {
    return new TimerDriver(new ThreadDriver(), paused, autoAdvanceAllowed, (what, error) -> {
      throw new AssertionError("the driver reported: " + what, error);
    });
  }

  /** How long a test waits for something that should happen at once; generous for a loaded CI. */
  static final long PATIENCE_SECONDS = 20;

  /** {@code n} tasks of {@code rt}'s scheduler whose futures never complete, for queue tests. */
  static List<RawTask<?>> neverReadyTasks(AsyncRuntime rt, int n) {
    List<RawTask<?>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Future<Integer> never = cx -> Poll.pending();
      out.add(rt.scheduler().newTask(never));
    }
    return out;
  }

  /** Waits until {@code condition} holds, failing (not hanging) after {@link #PATIENCE_SECONDS}. */
  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting until " + what);
      }
    }
  }

  /** Waits for {@code latch} from ordinary code, failing after {@link #PATIENCE_SECONDS}. */
  static void await(CountDownLatch latch, String what) {
    try {
      assertTrue(latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "timed out waiting for " + what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted waiting for " + what);
    }
  }

  /** {@link #await(CountDownLatch, String)} for code that cannot throw checked exceptions. */
  static void awaitQuietly(CountDownLatch latch) {
    await(latch, "a latch");
  }

  /** {@link Thread#sleep} for code that cannot throw checked exceptions; keeps an interrupt set. */
  static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Live threads whose name starts with {@code prefix + "-"} (the threads of one runtime). */
  static List<String> liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix + "-"))
        .sorted()
        .toList();
  }

  static void assertNoThreadLeft(String prefix) {
    assertEquals(List.of(), liveThreads(prefix), "threads of the closed runtime still alive");
  }

  /** Restores the runtime's log level when closed. */
  interface QuietLog extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Silences the runtime's {@link System.Logger} (java.util.logging by default) while a test
   * makes tasks fail unseen on purpose: thousands of warnings with stack traces would bury the
   * reports.
   */
  static QuietLog quietRuntimeLog() {
    // Reflection, because the tests are compiled into module dev.weft, which does not read
    // java.logging (and should not, for a test's sake); core reflection needs no reads edge.
    try {
      Class<?> loggerClass = Class.forName("java.util.logging.Logger");
      Class<?> levelClass = Class.forName("java.util.logging.Level");
      Object logger = loggerClass.getMethod("getLogger", String.class).invoke(null, "dev.weft.runtime");
      Method setLevel = loggerClass.getMethod("setLevel", levelClass);
      Object old = loggerClass.getMethod("getLevel").invoke(logger);
      setLevel.invoke(logger, levelClass.getField("OFF").get(null));
      return () -> {
        try {
          setLevel.invoke(logger, old);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
    } catch (ReflectiveOperationException e) {
      return () -> { }; // another logging backend: the warnings stay
    }
  }

  /**
   * Runs the runtime until {@code cf} completes in any way (on a current-thread runtime tasks run
   * only inside blockOn), without taking a task's output.
   */
  static void driveUntilDone(AsyncRuntime rt, CompletableFuture<?> cf) {
    rt.blockOn(Futures.fromCompletionStage(cf.handle((v, e) -> null)));
  }

  /**
   * A latch that both async code (await {@link #done()}) and ordinary threads
   * ({@link #awaitOutside()}) can wait on; counted down from anywhere.
   */
  static final class Latch {
    private final AtomicInteger left;
    private final CountDownLatch outside;
    private final ManualFuture<Void> done = new ManualFuture<>("latch");

    Latch(int count) {
      left = new AtomicInteger(count);
      outside = new CountDownLatch(count);
      if (count == 0) {
        done.complete(null);
      }
    }

    void countDown() {
      outside.countDown();
      if (left.decrementAndGet() == 0) {
        done.complete(null);
      }
    }

    /** Completes when the count reaches zero; one awaiter at a time. */
    Future<Void> done() {
      return done;
    }

    void awaitOutside() {
      await(outside, "a latch");
    }

    long count() {
      return outside.getCount();
    }
  }

  /**
   * Keeps threads of a runtime busy inside a poll (each blocks on a latch: forbidden in real
   * code, a tool here), so that tasks spawned meanwhile from outside stay queued, unpolled, until
   * {@link #release()}. Nothing is needed on a current-thread runtime: without a blockOn running,
   * nothing polls its tasks.
   */
  static final class Occupied implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);

    private Occupied(AsyncRuntime rt, int threads) {
      for (int i = 0; i < threads; i++) {
        CountDownLatch started = new CountDownLatch(1);
        rt.spawn(Futures.lazy(() -> {
          started.countDown();
          awaitQuietly(release);
          return null;
        }));
        await(started, "blocker " + i + " to start");
      }
    }

    /** Every worker of a multi-thread runtime (none on a current-thread one). */
    static Occupied allWorkers(AsyncRuntime rt, RuntimeFlavour flavour) {
      return new Occupied(rt, flavour.multiThread ? flavour.workers : 0);
    }

    /** All workers but one: what runs now runs on that one thread. */
    static Occupied allButOne(AsyncRuntime rt, RuntimeFlavour flavour) {
      return new Occupied(rt, flavour.multiThread ? flavour.workers - 1 : 0);
    }

    void release() {
      release.countDown();
    }

    @Override
    public void close() {
      release();
    }
  }

  /** Spins for about {@code nanos}; a wait too short to park for. */
  static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }

  /** Threads that run what they are given, for wake-ups that come from outside the runtime. */
  static final class Helpers implements AutoCloseable {
    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Helpers(int n) {
      for (int i = 0; i < n; i++) {
        threads.add(Thread.ofPlatform().name("stress-helper-" + i).start(this::loop));
      }
    }

    private void loop() {
      try {
        for (;;) {
          Runnable r = work.take();
          if (r == STOP) {
            return;
          }
          try {
            r.run();
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static final Runnable STOP = () -> { };

    void submit(Runnable r) {
      work.add(r);
    }

    @Override
    public void close() {
      for (int i = 0; i < threads.size(); i++) {
        work.add(STOP);
      }
      for (Thread t : threads) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail("interrupted waiting for the helpers to stop");
        }
        if (t.isAlive()) {
          fail(t.getName() + " still runs " + PATIENCE_SECONDS + " s after it was told to stop");
        }
      }
      if (failure.get() != null) {
        throw new AssertionError("a helper failed", failure.get());
      }
    }
  }

  /** A single-consumer mailbox whose take() is a future: the hand-off a channel makes. */
  static final class Mailbox<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private volatile Waker waiter;

    void put(T v) {
      items.add(v);
      Waker w = waiter;
      if (w != null) {
        w.wake();
      }
    }

    Future<T> take() {
      return cx -> {
        T v = items.poll();
        if (v == null) {
          waiter = cx.waker(); // then look again: a put in between sees the waker or we see it
          v = items.poll();
          if (v == null) {
            return Poll.pending();
          }
        }
        return Poll.ready(v);
      };
    }
  }
}
