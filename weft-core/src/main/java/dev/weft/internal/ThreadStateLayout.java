package dev.weft.internal;

import dev.weft.future.Context;

/**
 * The field layout of {@link ThreadState}: its fields between two 128-byte pads. A worker
 * writes its state on every poll (the budget, the coroutine flag), and two workers' states are
 * made one after the other, so a garbage collection may well leave them side by side; without
 * the pads they shared a cache line, and every poll on one worker cost the other a miss. Java
 * lays out a superclass's fields first, so this hierarchy is the order in memory.
 */
final class ThreadStateLayout {
  private ThreadStateLayout() {}

  /** The fields ({@link ThreadState} documents what they are for). */
  abstract static class Fields extends Padding.Before { // 128 bytes before the fields
    final Thread owner;

    Fields(Thread owner) {
      this.owner = owner;
    }

    /** The async block whose body runs on this thread now, or null. */
    public Object coroutine;

    /** The context of the poll that mounted {@link #coroutine}; what its awaits poll with. */
    public Context cx;

    /**
     * The runtime whose context this thread is in (a worker, a blocking thread, a blockOn), or
     * null.
     */
    public RuntimeContext runtime;

    /**
     * True while this thread drives a scheduler (a worker, or a thread inside a runtime's
     * blockOn): blocking it would stall tasks, so blockOn is refused here.
     */
    public boolean schedulerThread;

    /** The scheduler's per-thread state (a worker), or null; meaningful with {@link #runtime}. */
    public Object worker;

    /**
     * Set when an async block mounts its coroutine on this thread; a runtime clears it before a
     * task poll and reads it after, to pin a task that now holds a suspended coroutine to this
     * thread (see {@code AsyncBlock}: a coroutine must resume where it suspended).
     */
    public boolean mountedCoroutine;

    /**
     * What the running task may still do before it must yield, or
     * {@link ThreadState#UNCONSTRAINED}.
     */
    public int budget = ThreadState.UNCONSTRAINED;
  }

  /** 128 bytes after the fields. */
  abstract static class PadAfter extends Fields {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    PadAfter(Thread owner) {
      super(owner);
    }
  }
}
