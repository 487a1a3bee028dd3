package dev.weft.runtime;

/**
 * Keeps a multi-thread runtime's driver watched while a worker is busy, from the watchdog thread
 * instead of from the workers' hot path.
 *
 * <p>A worker that leaves the driver because its sockets or timers became ready does not wake
 * a sleeping neighbour to take the driver over (it did once: on two cores shared with a load
 * client, that was a context switch for every I/O batch, and weft-redis at {@code -P 1} served
 * a quarter fewer requests than on the current-thread runtime). The busy worker polls the
 * driver itself every {@value MultiThreadScheduler#EVENT_INTERVAL} tasks and takes it again
 * when it sleeps; what is left uncovered is a single long poll, during which timers, sockets
 * and the tasks queued behind it would wait. So while a worker of the runtime is awake and
 * another sleeps, the watchdog looks every {@value #PERIOD_MICROS} microseconds: if two looks in
 * a row find the driver left with nobody on it, it wakes a sleeper onto the driver ({@link
 * MultiThreadScheduler#watchDriver}), where it runs the stall check (Worker). Otherwise it looks
 * at the watchdog's own pace ({@value Watchdog#MAX_PERIOD_MILLIS} ms): while every worker sleeps,
 * one of them is on the driver; while every worker is awake, there is nobody to wake, and a
 * watchdog thread waking every millisecond on a machine whose cores are all busy preempts a
 * worker each time (W1 on two cores: about 5 ns a task). The bound this leaves for a worker that
 * falls asleep beside a busy one while the driver is unwatched is one pause of the watchdog
 * plus one period, as it already was for a runtime that wakes from being all asleep.
 */
final class DriverWatch implements Watchdog.Watched {
  static final long PERIOD_MICROS = MultiThreadScheduler.STALL_CHECK_NANOS / 1_000;
  private static final long IDLE_PERIOD_NANOS = Watchdog.MAX_PERIOD_MILLIS * 1_000_000;

  private final MultiThreadScheduler scheduler;
  private volatile long nextSampleAt = System.nanoTime();
  private boolean unwatchedBefore; // the watchdog thread only
  private volatile long samples; // written by the watchdog thread only; read by tests

  DriverWatch(MultiThreadScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public long nextSampleAt() {
    return nextSampleAt;
  }

  /** How many looks the watchdog has taken (for tests: how often it wakes for this runtime). */
  long samples() {
    return samples;
  }

  @Override
  public void sample(long now) {
    samples++; // one writer
    int awake = scheduler.idle.unparkedCount();
    boolean someoneToWatchFor =
        !scheduler.shutdown && awake > 0 && awake < scheduler.workers.length;
    boolean unwatched = someoneToWatchFor && scheduler.driverUnwatched();
    if (unwatched && unwatchedBefore) {
      scheduler.watchDriver();
      unwatched = false;
    }
    unwatchedBefore = unwatched;
    nextSampleAt = now
        + (someoneToWatchFor ? MultiThreadScheduler.STALL_CHECK_NANOS : IDLE_PERIOD_NANOS);
  }

  @Override
  public void samplingFailed(Throwable t) {
    scheduler.shared.report("the watchdog failed while watching the driver of runtime "
        + scheduler.runtime.name(), t);
  }
}
