package dev.weft.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Where a task was spawned, captured when the runtime was built with
 * {@code captureSpawnSites(true)}. A throwable because filling in a throwable's stack is the
 * cheapest capture the JDK offers (the frames are decoded only when a dump asks); it is never
 * thrown.
 */
final class SpawnSite extends Throwable {
  private static final long serialVersionUID = 1L;

  SpawnSite() {
    super("spawned here", null, false, true);
  }

  /** The frames from the caller of the spawn outward: weft's own spawn frames are left out. */
  List<StackTraceElement> frames() {
    StackTraceElement[] all = getStackTrace();
    int first = 0;
    while (first < all.length && isSpawnMachinery(all[first])) {
      first++;
    }
    return List.copyOf(Arrays.asList(all).subList(first, all.length));
  }

  private static boolean isSpawnMachinery(StackTraceElement e) {
    String c = e.getClassName();
    return c.equals(SpawnSite.class.getName()) || c.equals(Scheduler.class.getName())
        || c.startsWith(Scheduler.class.getName() + "$")
        || c.equals(AsyncRuntime.class.getName()) || c.equals(Task.class.getName())
        || c.equals(JoinSet.class.getName()) || c.equals(BlockingPool.class.getName());
  }
}
