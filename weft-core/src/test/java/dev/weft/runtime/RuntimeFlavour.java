package dev.weft.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime flavours every rule is checked on (tokio's {@code rt_common}): the current-thread
 * runtime, and the multi-thread runtime with one worker and with four. Each runtime built here
 * gets a thread-name prefix of its own, so a test can find its threads among the JVM's.
 */
enum RuntimeFlavour {
  CURRENT_THREAD(false, 1),
  MULTI_THREAD_1(true, 1),
  MULTI_THREAD_4(true, 4);

  private static final AtomicInteger BUILT = new AtomicInteger();

  final boolean multiThread;
  final int workers;

  RuntimeFlavour(boolean multiThread, int workers) {
    this.multiThread = multiThread;
    this.workers = workers;
  }

  /** A thread-name prefix no other runtime of this JVM uses. */
  String newPrefix() {
    return "rt-" + name().toLowerCase().replace('_', '-') + "-" + BUILT.incrementAndGet();
  }

  /** A builder of this flavour with {@code prefix} for its threads' names. */
  AsyncRuntime.Builder builder(String prefix) {
    AsyncRuntime.Builder b = AsyncRuntime.builder().threadName(prefix);
    return multiThread ? b.multiThread().workers(workers) : b.currentThread();
  }

  /** A builder of this flavour with a fresh thread-name prefix. */
  AsyncRuntime.Builder builder() {
    return builder(newPrefix());
  }

  AsyncRuntime build() {
    return builder().build();
  }
}
