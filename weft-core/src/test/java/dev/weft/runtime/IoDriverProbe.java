package dev.weft.runtime;

import java.lang.reflect.Field;
import java.util.List;

/** What tests of other packages (dev.weft.net) may see of a runtime's I/O driver. */
public final class IoDriverProbe {
  private IoDriverProbe() {}

  /** Keys registered with the runtime's selectors now; 0 once it closed. */
  public static int registeredKeys(AsyncRuntime rt) {
    return rt.registeredIoKeys();
  }

  /** How many selectors the runtime has: one per worker, or one shared. */
  public static int selectors(AsyncRuntime rt) {
    try {
      Field f = AsyncRuntime.class.getDeclaredField("ioDrivers");
      f.setAccessible(true);
      return ((List<?>) f.get(rt)).size();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("AsyncRuntime has no list of I/O drivers any more", e);
    }
  }
}
