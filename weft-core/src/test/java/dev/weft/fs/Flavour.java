package dev.weft.fs;

import dev.weft.runtime.AsyncRuntime;

/**
 * The runtime flavours every rule of this package is checked on, as {@code RuntimeFlavour} does
 * for the runtime's own tests (tokio's {@code rt_common}): the current-thread runtime, and the
 * multi-thread runtime with one worker and with four.
 */
enum Flavour {
  CURRENT_THREAD(false, 1),
  MULTI_THREAD_1(true, 1),
  MULTI_THREAD_4(true, 4);

  final boolean multiThread;
  final int workers;

  Flavour(boolean multiThread, int workers) {
    this.multiThread = multiThread;
    this.workers = workers;
  }

  AsyncRuntime build() {
    AsyncRuntime.Builder b = AsyncRuntime.builder().threadName("fs-" + name().toLowerCase());
    return (multiThread ? b.multiThread().workers(workers) : b.currentThread()).build();
  }
}
