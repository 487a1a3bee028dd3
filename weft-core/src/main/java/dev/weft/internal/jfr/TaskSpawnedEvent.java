package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task was spawned; the recorded stack (when enabled) is where. */
@Name("dev.weft.TaskSpawned")
@Label("Task Spawned")
@Category({"weft", "Tasks"})
@Description("A task was spawned on a weft runtime")
@Enabled(false) // one per task: docs/weft.jfc turns it on
@StackTrace(true)
public final class TaskSpawnedEvent extends Event {
  @Label("Runtime")
  @Description("The runtime's name, the prefix of its threads' names")
  public String runtime;

  @Label("Task Id")
  public long taskId;

  @Label("Task Name")
  public String taskName;

  @Label("Blocking")
  @Description("A task of the blocking pool (spawnBlocking)")
  public boolean blocking;
}
