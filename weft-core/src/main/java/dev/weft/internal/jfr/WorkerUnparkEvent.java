package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A thread woke a sleeping worker (the recorded stack, when enabled, says why). */
@Name("dev.weft.WorkerUnpark")
@Label("Worker Unpark")
@Category({"weft", "Runtime"})
@Description("A sleeping worker of a weft runtime was woken")
@Enabled(false)
@StackTrace(false)
public final class WorkerUnparkEvent extends Event {
  @Label("Runtime")
  public String runtime;

  @Label("Worker")
  public int worker;
}
