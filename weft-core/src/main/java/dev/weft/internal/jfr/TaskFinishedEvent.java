package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A task finished: with a value, a failure, or cancelled. */
@Name("dev.weft.TaskFinished")
@Label("Task Finished")
@Category({"weft", "Tasks"})
@Description("A task of a weft runtime finished")
@Enabled(false) // one per task: docs/weft.jfc turns it on
@StackTrace(false)
public final class TaskFinishedEvent extends Event {
  @Label("Runtime")
  public String runtime;

  @Label("Task Id")
  public long taskId;

  @Label("Task Name")
  public String taskName;

  @Label("Outcome")
  @Description("value, failure or cancelled")
  public String outcome;

  @Label("Polls")
  @Description("How many times the task was polled")
  public long polls;

  @Label("Age")
  @Description("How long the task lived, to within about 10 ms")
  @Timespan(Timespan.MILLISECONDS)
  public long age;
}
