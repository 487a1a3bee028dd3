package dev.weft.runtime;

import static dev.weft.future.Async.async;

import dev.weft.test.ManualFuture;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * A program for {@link DumpFromOutsideTest} to look into: a runtime named {@code outside} with
 * one task idle in an await; it says "ready" and waits until its input closes.
 */
public final class DumpTarget {
  private DumpTarget() {}

  public static void main(String[] args) throws Exception {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(1).threadName("outside")
        .build()) {
      rt.spawn("waits-for-ever", async(() -> new ManualFuture<Void>("never").await()));
      ObjectName bean = new ObjectName("dev.weft:type=AsyncRuntime,name=outside");
      while (!ManagementFactory.getPlatformMBeanServer().isRegistered(bean)) {
        Thread.sleep(1); // the watchdog registers it right after the build
      }
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the test closes our input
      }
    }
  }
}
