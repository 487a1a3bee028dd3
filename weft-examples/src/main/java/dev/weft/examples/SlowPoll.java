package dev.weft.examples;

import dev.weft.future.Futures;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A task that calls {@code Thread.sleep} holds its worker for the whole sleep, and every task
 * queued behind it waits: the runtime's watchdog notices the slow poll and reports it through
 * {@link System.Logger} (logger {@code dev.weft.runtime}), with the task, how long the poll
 * took and the worker's stack taken while it slept. The same sleep moved to the blocking pool
 * ({@code spawnBlocking}) is not reported: there, blocking is what the threads are for.
 *
 * <p>The report goes wherever the application's logging sends it; here a handler on
 * java.util.logging (the JDK's default backend of {@code System.Logger}) keeps it to print.
 */
final class SlowPoll {
  private SlowPoll() {}

  static void run() {
    Logger log = Logger.getLogger("dev.weft.runtime");
    CountDownLatch reported = new CountDownLatch(1);
    AtomicReference<String> report = new AtomicReference<>();
    Handler keep = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getMessage().startsWith("slow poll:") && report.compareAndSet(null,
            r.getLevel() + ": " + r.getMessage())) {
          reported.countDown();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(keep);
    boolean parents = log.getUseParentHandlers();
    log.setUseParentHandlers(false); // printed below, not also on the console
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(1)
        .threadName("sleepy").slowPollThreshold(Duration.ofMillis(50)).build()) {
      JoinHandle<String> wrong = rt.spawn("nap-in-a-task", Futures.lazy(() -> {
        sleep(300); // blocks the worker: a mistake inside a task
        return "woke up";
      }));
      System.out.println("nap-in-a-task: " + rt.blockOn(wrong));
      awaitReport(reported);
      System.out.println(report.get());
      System.out.println("slow polls so far: " + rt.metrics().slowPolls());

      JoinHandle<String> right = rt.spawnBlocking(() -> {
        Thread.sleep(300); // the blocking pool's thread, not a worker, waits here
        return "woke up";
      });
      System.out.println("nap-on-the-blocking-pool: " + rt.blockOn(right));
      rt.blockOn(Futures.lazy(() -> null));
      System.out.println("slow polls after it: " + rt.metrics().slowPolls());
    } finally {
      log.removeHandler(keep);
      log.setUseParentHandlers(parents);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The watchdog reports a slow poll when it sees it over, a few milliseconds after it ended. */
  private static void awaitReport(CountDownLatch reported) {
    try {
      if (!reported.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the slow poll was not reported");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) {
    run();
  }
}
