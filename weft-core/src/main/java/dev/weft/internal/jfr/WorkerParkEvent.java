package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/** A worker of a multi-thread runtime slept: from its park to its unpark. */
@Name("dev.weft.WorkerPark")
@Label("Worker Park")
@Category({"weft", "Runtime"})
@Description("A worker of a weft runtime had nothing to run and slept")
@StackTrace(false)
@Threshold("10 ms")
public final class WorkerParkEvent extends Event {
  @Label("Runtime")
  public String runtime;

  @Label("Worker")
  public int worker;

  @Label("On Driver")
  @Description("It slept on the runtime's driver, firing timers (and I/O) meanwhile")
  public boolean onDriver;

  @Label("Timeout")
  @Description("The longest it meant to sleep; Long.MAX_VALUE for no limit")
  @Timespan(Timespan.NANOSECONDS)
  public long timeout;
}
