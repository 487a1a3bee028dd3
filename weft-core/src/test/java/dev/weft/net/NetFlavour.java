package dev.weft.net;

import dev.weft.runtime.AsyncRuntime;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime configurations every networking rule is checked on: the current-thread runtime,
 * and the multi-thread runtime with one worker and with four, each with one selector per worker
 * (the default) and with one shared selector (the system property {@code weft.io.selectors},
 * which {@code AsyncRuntime.builder()} reads; it is set only while the builder is made). Each
 * runtime gets a thread-name prefix of its own, so a test can find its threads.
 */
enum NetFlavour {
  CURRENT_THREAD(false, 1, false),
  MULTI_THREAD_1(true, 1, false),
  MULTI_THREAD_4(true, 4, false),
  MULTI_THREAD_1_SHARED_SELECTOR(true, 1, true),
  MULTI_THREAD_4_SHARED_SELECTOR(true, 4, true);

  private static final String SELECTORS_PROPERTY = "weft.io.selectors";
  private static final AtomicInteger BUILT = new AtomicInteger();

  final boolean multiThread;
  final int workers;
  final boolean sharedSelector;

  NetFlavour(boolean multiThread, int workers, boolean sharedSelector) {
    this.multiThread = multiThread;
    this.workers = workers;
    this.sharedSelector = sharedSelector;
  }

  /** A thread-name prefix no other runtime of this JVM uses. */
  String newPrefix() {
    return "net-" + name().toLowerCase().replace('_', '-') + "-" + BUILT.incrementAndGet();
  }

  /** A builder of this flavour whose threads' names start with {@code prefix}. */
  AsyncRuntime.Builder builder(String prefix) {
    AsyncRuntime.Builder b = newBuilder().threadName(prefix);
    return multiThread ? b.multiThread().workers(workers) : b.currentThread();
  }

  AsyncRuntime build(String prefix) {
    return builder(prefix).build();
  }

  AsyncRuntime build() {
    return build(newPrefix());
  }

  /** {@code AsyncRuntime.builder()} with the selector shape of this flavour. */
  private AsyncRuntime.Builder newBuilder() {
    if (!sharedSelector) {
      return AsyncRuntime.builder();
    }
    synchronized (NetFlavour.class) {
      String old = System.getProperty(SELECTORS_PROPERTY);
      System.setProperty(SELECTORS_PROPERTY, "shared");
      try {
        return AsyncRuntime.builder();
      } finally {
        if (old == null) {
          System.clearProperty(SELECTORS_PROPERTY);
        } else {
          System.setProperty(SELECTORS_PROPERTY, old);
        }
      }
    }
  }
}
