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
 * and the tasks queued behind it would wait. So the watchdog looks every {@value #PERIOD_MICROS} microseconds while a
 * worker of the runtime is awake: if two looks in a row find the driver left with nobody on it
 * while a worker sleeps, it wakes that worker onto the driver ({@link
 * MultiThreadScheduler#watchDriver}), where it runs the stall check (Worker). While every worker
 * sleeps (one of them on the driver), it looks only at the watchdog's own pace.
 */
final class DriverWatch implements Watchdog.Watched {
  static final long PERIOD_MICROS = MultiThreadScheduler.STALL_CHECK_NANOS / 1_000;
  private static final long IDLE_PERIOD_NANOS = Watchdog.MAX_PERIOD_MILLIS * 1_000_000;

  private final MultiThreadScheduler scheduler;
  private volatile long nextSampleAt = System.nanoTime();
  private boolean unwatchedBefore; // the watchdog thread only

  DriverWatch(MultiThreadScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public long nextSampleAt() {
    return nextSampleAt;
  }

  @Override
  public void sample(long now) {
    boolean busy = !scheduler.shutdown && scheduler.idle.unparkedCount() > 0;
    boolean unwatched = busy && scheduler.driverUnwatched();
    if (unwatched && unwatchedBefore) {
      scheduler.watchDriver();
      unwatched = false;
    }
    unwatchedBefore = unwatched;
    nextSampleAt = now + (busy ? MultiThreadScheduler.STALL_CHECK_NANOS : IDLE_PERIOD_NANOS);
  }

  @Override
  public void samplingFailed(Throwable t) {
    scheduler.shared.report("the watchdog failed while watching the driver of runtime "
        + scheduler.runtime.name(), t);
  }
}
