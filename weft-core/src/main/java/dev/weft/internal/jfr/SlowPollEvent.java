package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One poll that held its thread for long. The runtime's watchdog samples the polling threads
 * (nothing is timed per poll): it begins the event when it first sees a poll in progress and
 * ends it when it sees the poll over, so the duration is right to within the sampling period
 * (a quarter of the runtime's slow-poll threshold), and the threshold below applies to that.
 */
@Name("dev.weft.SlowPoll")
@Label("Slow Poll")
@Category({"weft", "Runtime"})
@Description("A poll of a task that held its runtime thread for long (sampled by the watchdog)")
@StackTrace(false)
@Threshold("10 ms")
public final class SlowPollEvent extends Event {
  @Label("Runtime")
  public String runtime;

  @Label("Task Id")
  @Description("0 for the blockOn future of a current-thread runtime")
  public long taskId;

  @Label("Task Name")
  public String taskName;

  @Label("Polling Thread")
  public Thread pollingThread;

  @Label("Stack")
  @Description("The polling thread's stack, sampled while the poll ran")
  public String stack;
}
