package dev.weft.runtime;

import java.lang.ref.WeakReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A runtime's MXBean registration, made off the thread that builds the runtime: the first
 * registration in a JVM starts its platform MBean server, which takes a tenth of a second or
 * more, and {@code build()} should not. The {@link Watchdog} thread registers the bean right after
 * the build; {@link #close()} unregisters it, or stops a registration that has not happened yet.
 * Names no JMX type, so it loads on a JVM without {@code java.management}.
 */
final class MBeanRegistration {
  private final WeakReference<AsyncRuntime> runtime;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;      // lock
  private Runnable unregister; // lock: set once registered

  MBeanRegistration(AsyncRuntime runtime, String name) {
    this.runtime = new WeakReference<>(runtime);
    this.name = name;
  }

  /** On the watchdog thread: registers the bean, unless the runtime closed (or is gone). */
  void register() {
    lock.lock();
    try {
      AsyncRuntime rt = runtime.get();
      if (!closed && rt != null && !rt.isClosed()) {
        unregister = RuntimeMBean.register(rt, name);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The runtime closed: unregisters the bean, or makes sure it is never registered. */
  void close() {
    Runnable u;
    lock.lock();
    try {
      closed = true;
      u = unregister;
      unregister = null;
    } finally {
      lock.unlock();
    }
    if (u != null) {
      u.run();
    }
  }
}
