package dev.weft.io;

import dev.weft.runtime.AsyncRuntime;

/** The runtime flavours the I/O tests run on: one thread, and four workers. */
enum Flavour {
  CURRENT_THREAD,
  MULTI_THREAD;

  AsyncRuntime build() {
    return this == CURRENT_THREAD
        ? AsyncRuntime.builder().currentThread().threadName("io-ct").build()
        : AsyncRuntime.builder().multiThread().workers(4).threadName("io-mt").build();
  }
}
