package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the report knows about each implementation: its column order, label, chart colour, and
 * how it was configured (the table's notes), for W1-W7 and, where it has one, for its echo server
 * of W8 and W9. The harness's {@code --impl} and {@code --server} names are the ids.
 */
final class Implementations {
  private Implementations() {}

  /**
   * One implementation as the report shows it: {@code setup} tells how it runs W1-W7,
   * {@code echoServer} how its echo server of W8/W9 is written (empty: it has none).
   */
  record Impl(String id, String label, String color, boolean weft, String setup,
      String echoServer) {}

  // Okabe-Ito colours: told apart with the common colour-vision deficiencies.
  static final List<Impl> KNOWN = List.of(
      new Impl("weft-mt", "weft mt", "#0072B2", true,
          "weft's multi-thread runtime, 2 workers (`AsyncRuntime.builder().multiThread().workers(2)`); "
              + "a task is an `async` block (a coroutine on the JDK's continuations); "
              + "`Mpsc.bounded(1)` / `Mpsc.bounded(1024)` for W2/W3, a one-shot `Signal` future for W4, "
              + "`Time.sleep` for W6, `Task.yieldNow()` for W7.",
          "`TcpListener.bind` (backlog 1,024), its accept loop in `blockOn` on a thread of its "
              + "own (as tokio's `echo_server` accepts in `block_on`), a spawned `async` task per "
              + "connection that awaits `readable()`, then `tryRead`s into its worker thread's "
              + "4,096-byte direct `ByteBuffer` (an idle connection holds no buffer, as with "
              + "Netty's pooled ones; direct, as Netty's, so the JDK reads and writes it "
              + "without a copy) and writes it back; 2 workers."),
      new Impl("weft-ct", "weft ct", "#56B4E9", true,
          "weft's current-thread runtime: every task on the one thread inside `blockOn`; "
              + "otherwise as weft mt.",
          "as weft mt's, on the current-thread runtime: the accept loop and every connection's "
              + "task on the one thread inside `blockOn`."),
      new Impl("weft-mt-woven", "weft mt woven", "#004466", true,
          "as weft mt, from the woven build (`./weft mvn -Pwoven`, "
              + "weft-bench/target/woven/benchmarks.jar): every `async` block of the workloads "
              + "compiled by weft's weaver into a state machine (no continuation, no pinning, no "
              + "JVM flag: the process runs without `--add-exports`).",
          "as weft mt's, from the woven build's jar: each connection's `async` block a state "
              + "machine, so an idle connection's task holds no stack chunk; no JVM flag, and "
              + "so (weft's default without it: no task is pinned) one selector shared by the "
              + "workers instead of one per worker."),
      new Impl("weft-ct-woven", "weft ct woven", "#2B7FA8", true,
          "as weft ct, from the woven build: every `async` block a state machine; no JVM flag.",
          "as weft ct's, from the woven build's jar: each connection's block a state machine; no "
              + "JVM flag."),
      new Impl("vthreads", "virtual threads", "#E69F00", false,
          "one virtual thread per task (`Thread.startVirtualThread`), scheduler held to 2 carriers "
              + "(`-Djdk.virtualThreadScheduler.parallelism=2 -Djdk.virtualThreadScheduler.maxPoolSize=2`); "
              + "`SynchronousQueue` (a rendezvous: capacity 0) for W2, `ArrayBlockingQueue(1024)` for W3, "
              + "a `CompletableFuture.join()` per idle task for W4, `CountDownLatch` for completion, "
              + "`Thread.sleep` for W6, `Thread.yield()` for W7.",
          "blocking `java.net.ServerSocket` (backlog 1,024) and `Socket`s, the accept loop and "
              + "each connection on a virtual thread of its own (2 carriers), a 4,096-byte "
              + "`byte[]` per connection, `TCP_NODELAY` on."),
      new Impl("cf", "CompletableFuture", "#009E73", false,
          "`CompletableFuture` stages on a `ForkJoinPool(2)`: `runAsync` for a task, hand-written "
              + "non-blocking state machines for loops, a lock-and-deque channel of futures (`CfChannel`) "
              + "for W2/W3, a `ScheduledThreadPoolExecutor(1)` (what `delayedExecutor` uses) for W6, "
              + "re-submission to the pool for W7. W4's idle \"task\" is a bare `thenRun` continuation "
              + "with no stack, so it is not a task in the same sense.", ""),
      new Impl("kotlin", "Kotlin coroutines", "#CC79A7", false,
          "kotlinx.coroutines on `Dispatchers.Default` held to 2 threads "
              + "(`-Dkotlinx.coroutines.scheduler.core.pool.size=2`): Kotlin's own work-stealing "
              + "scheduler, which a Kotlin user gets by default (a `limitedParallelism(2)` view or a "
              + "fixed thread pool would put a shared queue in front of it). `launch` children of a "
              + "`runBlocking` scope (structured concurrency), `Channel(1)` / `Channel(1024)` for W2/W3, "
              + "`CompletableDeferred` as W4's one-shot, `delay` (kotlinx's own timer thread) for W6, "
              + "`yield()` for W7.", ""),
      new Impl("netty", "Netty", "#000000", false,
          "a peer of W8/W9 only.",
          "Netty's NIO transport: one `MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory())` "
              + "that accepts and serves (two threads, as every other server has), `SO_BACKLOG` "
              + "1,024, `TCP_NODELAY` on, Netty's default buffer allocator; the echo as Netty's "
              + "example writes it (`write` on each read, `flush` when the read batch is done)."),
      new Impl("tokio-mt", "tokio mt", "#D55E00", false,
          "tokio's multi-thread runtime, 2 workers (`new_multi_thread().worker_threads(2)`), release "
              + "build (opt-level 3, thin LTO, one codegen unit); `tokio::spawn`, an `Arc` per task for "
              + "shared state, `mpsc::channel(1)` / `mpsc::channel(1024)`, `oneshot`, `Notify`, "
              + "`time::sleep`, `task::yield_now`. glibc's malloc is told to keep freed memory "
              + "(`M_TRIM_THRESHOLD`), as a fixed JVM heap does. Heap figures are the requested bytes of "
              + "live allocations (a counting allocator; no malloc overhead), RSS from /proc. A W6 "
              + "sleeper task holds tokio's `Sleep` (about 1 KB a task), so a W6 round touches about "
              + "1 GB and its first rounds pay the page faults for it.",
          "`echo_server` of the shared tokio benchmarks, unchanged: the multi-thread runtime with "
              + "2 workers, the accept loop in `block_on`, a spawned task per connection reading "
              + "into a 4,096-byte array and `write_all`-ing it back, `TCP_NODELAY` on, backlog "
              + "1,024 (tokio's default). It has no heap of its own to read: RSS only."),
      new Impl("tokio-ct", "tokio ct", "#8C510A", false,
          "tokio's current-thread runtime (`new_current_thread()`), otherwise as tokio mt.", ""));

  /** The known entry for {@code id}, or a plain one for an implementation this report does not know. */
  static Impl of(String id) {
    for (Impl i : KNOWN) {
      if (i.id().equals(id)) {
        return i;
      }
    }
    return new Impl(id, id, "#999999", id.startsWith("weft"), "", "");
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
