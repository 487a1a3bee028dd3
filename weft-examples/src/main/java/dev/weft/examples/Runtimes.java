package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Result;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinSet;
import dev.weft.time.Elapsed;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Rust text's "runtimes can be single-threaded, like V8 in JS world, or multithreaded": one
 * program, a crawler that fetches pages concurrently with a deadline per page, run on both
 * runtimes. The current-thread runtime does all of it on the thread that called blockOn; the
 * multi-thread one spreads the tasks over its workers. The answer is the same.
 */
final class Runtimes {
  private Runtimes() {}

  /** A page that takes {@code ms} to fetch (a timer stands in for the network). */
  static Future<String> fetch(String page, int ms) {
    return async(() -> {
      Time.sleep(Duration.ofMillis(ms)).await();
      return page + " (" + ms + " ms)";
    });
  }

  /** Fetches every page at once, each limited to 120 ms; results in completion order. */
  static Future<List<String>> crawl() {
    return async(() -> {
      List<String> done = new ArrayList<>();
      try (JoinSet<String> set = new JoinSet<>()) {
        int[] delays = {80, 20, 1_000, 50}; // page-2 is far past the limit, even when stalled
        for (int i = 0; i < delays.length; i++) {
          set.spawn(Time.timeout(Duration.ofMillis(120), fetch("page-" + i, delays[i])));
        }
        Optional<Result<String>> next;
        while ((next = set.joinNext().await()).isPresent()) {
          done.add(switch (next.get()) {
            case Result.Ok<String> ok -> "fetched " + ok.value();
            case Result.Err<String> err -> err.error() instanceof Elapsed
                ? "gave up on a page after 120 ms"
                : "failed: " + err.error();
          });
        }
      }
      return done;
    });
  }

  static void run() {
    try (AsyncRuntime eventLoop = AsyncRuntime.currentThread()) {
      List<String> pages = eventLoop.blockOn(crawl());
      System.out.println("current-thread runtime, on the caller's thread only:");
      pages.forEach(p -> System.out.println("  " + p));
    }
    try (AsyncRuntime pool = AsyncRuntime.builder().multiThread().workers(2).threadName("crawler").build()) {
      List<String> pages = pool.blockOn(pool.spawn(crawl()));
      System.out.println("multi-thread runtime, 2 workers (" + pool.metrics().spawnedTasks() + " tasks spawned):");
      pages.forEach(p -> System.out.println("  " + p));
    }
  }

  public static void main(String[] args) {
    run();
  }
}
