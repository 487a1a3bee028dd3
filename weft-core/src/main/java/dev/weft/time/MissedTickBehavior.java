package dev.weft.time;

/**
 * What an {@link Time#interval interval} does when ticks were missed (its consumer was busy, or
 * the paused clock jumped): tokio's {@code MissedTickBehavior}. For a period {@code p}, first
 * tick at {@code t}, and a consumer that comes back at {@code t + 3.5p}:
 *
 * <ul>
 *   <li>{@link #BURST} (the default): the missed ticks {@code t+p, t+2p, t+3p} come at once, one
 *       per poll, then {@code t+4p} on time: the schedule is kept, whatever the delay.
 *   <li>{@link #DELAY}: {@code t+p} comes at once, then ticks resume one period after that
 *       moment, {@code t+4.5p, t+5.5p, ...}: the schedule shifts.
 *   <li>{@link #SKIP}: {@code t+p} comes at once, then the schedule resumes at its next point
 *       after now, {@code t+4p, t+5p, ...}: missed ticks are dropped.
 * </ul>
 * A tick counts as missed when it is noticed more than 5 ms after its time (tokio's slack); each
 * tick yields the instant it was scheduled for.
 */
public enum MissedTickBehavior {
  /** Missed ticks come at once, one per poll, and the schedule is kept. */
  BURST,
  /** The schedule shifts: after the late tick, ticks resume one period after it was taken. */
  DELAY,
  /** Missed ticks are dropped: the schedule resumes at its next point after now. */
  SKIP;

  /** The tick after {@code tick}, noticed at {@code now}, all in nanoseconds of the runtime clock. */
  long next(long tick, long now, long period) {
    return switch (this) {
      case BURST -> tick + period;
      case DELAY -> now + period;
      case SKIP -> now + period - Math.floorMod(now - tick, period);
    };
  }
}
