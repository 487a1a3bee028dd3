package dev.weft.internal.jfr;

/**
 * The I/O driver's Flight Recorder events. Called only when {@link Jfr#on()}; the event passes
 * as an Object, so the selector loop names no event class.
 */
public final class IoEvents {
  private IoEvents() {}

  /** Begins a selector turn's event, or returns null if no recording wants it. */
  public static Object beginTurn() {
    SelectorTurnEvent e = new SelectorTurnEvent();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /** Ends the turn's event and commits it if it passes its threshold. */
  public static void endTurn(Object event, int keys, long timeoutNanos) {
    SelectorTurnEvent e = (SelectorTurnEvent) event;
    e.end();
    if (e.shouldCommit()) {
      e.keys = keys;
      e.timeout = timeoutNanos;
      e.commit();
    }
  }
}
