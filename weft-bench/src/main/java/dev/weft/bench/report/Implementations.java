package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the report knows about each implementation: its column order, label, chart colour, and
 * how it was configured (the table's notes). The harness's {@code --impl} names are the ids.
 */
final class Implementations {
  private Implementations() {}

  /** One implementation as the report shows it. */
  record Impl(String id, String label, String color, boolean weft, String setup) {}

  // Okabe-Ito colours: told apart with the common colour-vision deficiencies.
  static final List<Impl> KNOWN = List.of(
      new Impl("weft-mt", "weft mt", "#0072B2", true,
          "weft's multi-thread runtime, 2 workers (`AsyncRuntime.builder().multiThread().workers(2)`); "
              + "a task is an `async` block (a coroutine on the JDK's continuations); "
              + "`Mpsc.bounded(1)` / `Mpsc.bounded(1024)` for W2/W3, a one-shot `Signal` future for W4, "
              + "`Time.sleep` for W6, `Task.yieldNow()` for W7."),
      new Impl("weft-ct", "weft ct", "#56B4E9", true,
          "weft's current-thread runtime: every task on the one thread inside `blockOn`; "
              + "otherwise as weft mt."),
      new Impl("vthreads", "virtual threads", "#E69F00", false,
          "one virtual thread per task (`Thread.startVirtualThread`), scheduler held to 2 carriers "
              + "(`-Djdk.virtualThreadScheduler.parallelism=2 -Djdk.virtualThreadScheduler.maxPoolSize=2`); "
              + "`SynchronousQueue` (a rendezvous: capacity 0) for W2, `ArrayBlockingQueue(1024)` for W3, "
              + "a `CompletableFuture.join()` per idle task for W4, `CountDownLatch` for completion, "
              + "`Thread.sleep` for W6, `Thread.yield()` for W7."),
      new Impl("cf", "CompletableFuture", "#009E73", false,
          "`CompletableFuture` stages on a `ForkJoinPool(2)`: `runAsync` for a task, hand-written "
              + "non-blocking state machines for loops, a lock-and-deque channel of futures (`CfChannel`) "
              + "for W2/W3, a `ScheduledThreadPoolExecutor(1)` (what `delayedExecutor` uses) for W6, "
              + "re-submission to the pool for W7. W4's idle \"task\" is a bare `thenRun` continuation "
              + "with no stack, so it is not a task in the same sense."),
      new Impl("kotlin", "Kotlin coroutines", "#CC79A7", false,
          "kotlinx.coroutines on `Dispatchers.Default` held to 2 threads "
              + "(`-Dkotlinx.coroutines.scheduler.core.pool.size=2`): Kotlin's own work-stealing "
              + "scheduler, which a Kotlin user gets by default (a `limitedParallelism(2)` view or a "
              + "fixed thread pool would put a shared queue in front of it). `launch` children of a "
              + "`runBlocking` scope (structured concurrency), `Channel(1)` / `Channel(1024)` for W2/W3, "
              + "`CompletableDeferred` as W4's one-shot, `delay` (kotlinx's own timer thread) for W6, "
              + "`yield()` for W7."),
      new Impl("tokio-mt", "tokio mt", "#D55E00", false,
          "tokio's multi-thread runtime, 2 workers (`new_multi_thread().worker_threads(2)`), release "
              + "build (opt-level 3, thin LTO, one codegen unit); `tokio::spawn`, an `Arc` per task for "
              + "shared state, `mpsc::channel(1)` / `mpsc::channel(1024)`, `oneshot`, `Notify`, "
              + "`time::sleep`, `task::yield_now`. glibc's malloc is told to keep freed memory "
              + "(`M_TRIM_THRESHOLD`), as a fixed JVM heap does. Heap figures are the requested bytes of "
              + "live allocations (a counting allocator; no malloc overhead), RSS from /proc. A W6 "
              + "sleeper task holds tokio's `Sleep` (about 1 KB a task), so a W6 round touches about "
              + "1 GB and its first rounds pay the page faults for it."),
      new Impl("tokio-ct", "tokio ct", "#8C510A", false,
          "tokio's current-thread runtime (`new_current_thread()`), otherwise as tokio mt."));

  /** The known entry for {@code id}, or a plain one for an implementation this report does not know. */
  static Impl of(String id) {
    for (Impl i : KNOWN) {
      if (i.id().equals(id)) {
        return i;
      }
    }
    return new Impl(id, id, "#999999", id.startsWith("weft"), "");
  }

  /** {@code present} in column order: the known ones in their order, then the others as given. */
  static List<Impl> ordered(Collection<String> present) {
    List<Impl> out = new ArrayList<>();
    for (Impl i : KNOWN) {
      if (present.contains(i.id())) {
        out.add(i);
      }
    }
    for (String id : present) {
      if (out.stream().noneMatch(i -> i.id().equals(id))) {
        out.add(of(id));
      }
    }
    return out;
  }
}
