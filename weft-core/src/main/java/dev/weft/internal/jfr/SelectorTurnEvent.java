package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One turn of an I/O driver's selector: the wait and the dispatch of the channels that became
 * ready. Off unless enabled (a busy runtime turns its selectors thousands of times a second).
 */
@Name("dev.weft.SelectorTurn")
@Label("Selector Turn")
@Category({"weft", "I/O"})
@Description("One select of a weft runtime's I/O driver: its wait and its dispatch")
@Enabled(false)
@StackTrace(false)
public final class SelectorTurnEvent extends Event {
  @Label("Keys Dispatched")
  @Description("Channels found ready and dispatched to their tasks")
  public int keys;

  @Label("Timeout")
  @Description("The longest the select meant to wait: 0 for a look without waiting,"
      + " Long.MAX_VALUE for no limit")
  @Timespan(Timespan.NANOSECONDS)
  public long timeout;
}
