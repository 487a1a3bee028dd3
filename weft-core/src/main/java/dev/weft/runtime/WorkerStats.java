package dev.weft.runtime;

import dev.weft.internal.Padding;

/**
 * Counters kept by one runtime thread for its own work: plain fields, written only by that
 * thread and read by {@link RuntimeMetrics} from others (a read may be a little stale; a 64-bit
 * field is never torn on the JVMs weft supports). Padded so that two workers' counters never share
 * a cache line.
 */
final class WorkerStats extends Padding.Before { // each worker bumps its own on every poll
  long spawned;
  long completed;
  long polls;
  long steals;
  /** Polls of the drivers a busy worker made between two tasks (multi-thread runtime). */
  long maintenancePolls;
  /** Sleeps of a worker that another thread ended (multi-thread runtime; read by tests). */
  long wakesByUnpark;
}
