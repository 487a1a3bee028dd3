package dev.weft.runtime;

import dev.weft.internal.Coop;
import dev.weft.internal.Padding;
import dev.weft.internal.ThreadState;
import dev.weft.internal.jfr.Jfr;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * One worker thread of the {@link MultiThreadScheduler}: its run loop, its queues, its sleep.
 *
 * <h2>Two kinds of task</h2>
 * A task that has not started a coroutine may run on any worker: it lives in the stealable
 * local ring ({@link LocalQueue}) or the LIFO slot. A task whose poll left a suspended coroutine
 * is <em>pinned</em> to the worker that polled it (RawTask rule 8; the JIT makes resuming a
 * coroutine on another thread unsafe): it lives in this worker's pinned queue, which nobody
 * steals from, and wake-ups from other threads reach it through a lock-free stack. Work
 * stealing therefore balances new work, and a started task stays on its thread, as a Netty
 * channel stays on its event loop.
 *
 * <h2>The loop</h2>
 * Each tick takes the next task: from the injection queue first every
 * {@value MultiThreadScheduler#GLOBAL_QUEUE_INTERVAL} ticks (so wake-ups from outside are not
 * starved), else the LIFO slot, then the ring and the pinned queue (alternating which goes
 * first), then a batch from the injection queue. With nothing local it searches (steals half of
 * another worker's ring), spins briefly, and sleeps. After every {@value
 * MultiThreadScheduler#EVENT_INTERVAL} tasks polled since it last slept it lets the driver process
 * what is due ({@link #maintenance}).
 *
 * <h2>The LIFO slot</h2>
 * An unpinned task woken by the task this worker is polling goes to the LIFO slot and runs right
 * after the current poll; the task it displaces goes to the back of the ring. Up to {@value
 * MultiThreadScheduler#MAX_LIFO_POLLS} LIFO tasks run per tick, each with a budget of its own; a
 * task still in the slot after that goes to the back of the ring (as in tokio), so two tasks that
 * keep waking each other through the slot cannot hold up the rest of the queue.
 * Unlike tokio's, the slot can be stolen (with an atomic swap), but only by a worker the stall
 * check sent: an ordinary search leaves it alone, since taking it from a worker that is merely
 * busy turns a chain of hand-offs into a ping-pong between threads. Filling it wakes nobody
 * (tokio measured eager wake-ups as a regression); instead, while some worker is busy, the
 * sleeping worker that holds the driver wakes every {@link MultiThreadScheduler#STALL_CHECK_NANOS}
 * ns and, if a busy worker has finished no poll since its last look (it is inside one, or
 * preempted) with stealable tasks waiting behind it (LIFO slot included), comes out to steal
 * them.
 * While any worker sleeps, one sleeps on the driver: a worker leaving the driver hands it on
 * ({@link MultiThreadScheduler#watchDriver}), and a notification prefers a sleeper that does
 * not hold it, so the check (and the timers) always have a sleeper to run them.
 *
 * <h2>When a thief takes work</h2>
 * A searching worker steals from a ring only when waiting there is what the tasks would do
 * ({@link #worthAThief}, {@link #queueStuck}): the ring holds eight tasks or
 * more (a burst of spawns, many yielders); or its owner marked it shareable, because a driver
 * batch put tasks there (readiness of independent sockets: stolen at once, as before this
 * rule) or because its last {@value MultiThreadScheduler#EVENT_INTERVAL} polls took a
 * millisecond or more with tasks still queued (long polls: tasks that compute); or the ring's
 * head has not moved for {@value #STEAL_PATIENCE_NANOS} ns (its owner is inside a long poll or
 * preempted). A few tasks that wake each other through a channel otherwise stay together on
 * one worker: a consumer that frees a slot wakes a producer, which its worker runs a few
 * microseconds later, and a thief that took it would only split the channel's two ends over two
 * cores, every message a cache miss each way (W3, four producers and a consumer on a channel of
 * 1,024, woven, multi-thread runtime, six alternated pairs of processes: 39-48 ns a message
 * against 75-140 with a thief for every queued task; the current-thread runtime's is 28-44). A
 * worker also wakes a sleeping one only for work it would steal, and the stall check (above)
 * takes a few tasks from a worker that finished no poll since its last look. The system
 * property {@code weft.stealAtOnce} (0: every queued task is worth a thief, the rule before this
 * one) changes the count, for measurements.
 *
 * <h2>Yields</h2>
 * A task that calls {@link Task#yieldNow()} waits aside, in an array of this worker's, until
 * the worker has no other task queued or makes its maintenance poll of the drivers (after
 * {@value MultiThreadScheduler#EVENT_INTERVAL} tasks), as tokio defers {@code yield_now}; no
 * sleeping worker is notified for it ({@link #deferYield}). If this worker gets stuck in one
 * poll, the stall check wakes its yielders onto another worker ({@link #wakeDeferredOf}).
 */
final class Worker extends Padding.Before
    implements Runnable, Scheduler.WorkerStatsHolder, Poller {
  private static final VarHandle LIFO;
  private static final VarHandle IN_POLL;
  private static final VarHandle REMOTE_PINNED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      LIFO = l.findVarHandle(Worker.class, "lifo", RawTask.class);
      IN_POLL = l.findVarHandle(Worker.class, "inPoll", boolean.class);
      REMOTE_PINNED = l.findVarHandle(Worker.class, "remotePinned", RawTask.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Spin this long looking for work before sleeping: a hand-off from a busy neighbour is cheaper
   * caught awake. A worker whose last sleep ended without a hand-off (by readiness of sockets or
   * timers) does not spin ({@code wokenByReadiness}). The system property {@code
   * weft.spinNanos} changes it, for measurements (a spinning worker takes the core from whatever
   * else runs on the machine).
   */
  static final long SPIN_NANOS = Long.getLong("weft.spinNanos", 20_000);

  /** A ring this long is worth a thief at once (see "When a thief takes work"). */
  static final int STEAL_AT_ONCE = Integer.getInteger("weft.stealAtOnce", 8);
  /** A ring whose head has not moved this long is worth a thief. */
  static final long STEAL_PATIENCE_NANOS = 50_000;
  /** Maintenance intervals this long with tasks still queued make the ring shareable. */
  static final long SLOW_INTERVAL_NANOS = 1_000_000;

  /**
   * How long a driver batch's tasks may wait on this worker's queue before a sleeping worker is
   * woken to share them ({@link #shareLater}). The system property {@code weft.shareAfterNanos}
   * changes it, for measurements.
   */
  static final long SHARE_AFTER_NANOS = Long.getLong("weft.shareAfterNanos", 0);

  /**
   * How long a worker must have been busy without a break (no spin, no sleep) before a driver
   * batch of its own wakes a sleeping worker to share it ({@link #shareLater}); 0 by default.
   * The system property {@code weft.shareBusyNanos} sets it: a program whose tasks are a few
   * microseconds each and whose load may come from the same cores can keep a second worker
   * asleep until the first is saturated (weft-redis sets 2 ms).
   */
  static final long SHARE_BUSY_NANOS = Math.max(0, Long.getLong("weft.shareBusyNanos", 0));

  final MultiThreadScheduler scheduler;
  final int index;
  final LocalQueue queue = new LocalQueue();
  final Parker parker;
  final IoDriver io; // this worker's own selector, or null when the runtime shares one
  final WorkerStats stats = new WorkerStats();
  RuntimeThread thread;

  private final ArrayDeque<RawTask<?>> pinned = new ArrayDeque<>(); // owner only
  /**
   * The tasks that yielded, idle until {@link #wakeDeferred} ({@link #deferYield}). Written by
   * the owner only; the stall check of another worker reads them without a lock to wake them
   * ({@link #wakeDeferredOf}), so it may see a stale slot: waking a task that has moved on is a
   * spurious wake-up at worst, which every future tolerates.
   */
  private final RawTask<?>[] deferred = new RawTask<?>[LocalQueue.INITIAL_CAPACITY];
  private int deferredCount;
  private volatile RawTask<?> remotePinned; // Treiber stack of pinned wake-ups from other threads
  private volatile RawTask<?> lifo;         // swapped atomically: stealable
  private volatile boolean inPoll;          // written opaque by the owner; read by PollWatch, dumps
  private final PollSlotHolder slot = new PollSlotHolder(); // the task in the poll: Poller
  private boolean searching;
  /**
   * Whether the last park ended without a hand-off from another thread: by readiness of this
   * worker's own sockets or, asleep on the driver, by its sockets, timers or deadline.
   */
  private boolean wokenByReadiness;
  /** When a driver batch's tasks still queued here are to be shared ({@link #shareLater}). */
  private long shareAt;
  private boolean sharePending;
  /** When this worker last had nothing to do: its last spin or sleep ended (shareLater). */
  private long idleUntil;
  private boolean inDriverBatch; // see pollOwnSockets
  private boolean wakingDeferred; // see wakeDeferred: to the ring, notifying nobody
  /** Set by the owner when its queued tasks are worth a thief (cleared when the ring empties). */
  private volatile boolean shareable;
  private boolean sleptSinceMaintenance;
  private long lastMaintenanceAt;
  private boolean stealLifoNext; // set by the stall check: the next search may take LIFO slots
  private int tick;
  /**
   * Tasks polled since this worker last polled the drivers (a sleep counts): its maintenance
   * poll comes after {@value MultiThreadScheduler#EVENT_INTERVAL} of them, as tokio counts its
   * tick per task. Counting turns of the loop instead (a sleep is a turn) put a maintenance
   * poll at any point after a sleep, often right after one, while the tasks its selector had
   * just woken waited in the queue: the selector, level-triggered, reported their sockets again,
   * and each such socket lost its read interest ({@code IoRegistration} rule 1) and got it back
   * once its task read: two {@code epoll_ctl} calls. On W8 (woven, one shared selector) that was
   * 43-70k {@code epoll_ctl} calls for 3 million round trips, 9.5-11.4k with this count, and
   * 5-16 % more round trips a second in four alternated pairs of runs; weft-redis at {@code
   * -P 16} lost its read interest on about a sixth of its reads, under 1 % with this count.
   */
  private int polledSinceDriverPoll;
  private final long[] headSeen;
  private final long[] headSeenAt;
  private final long[] pollsSeen;           // the stall check's last look at each worker's polls
  private final BooleanSupplier othersBusyCheck = this::othersBusy;

  Worker(MultiThreadScheduler scheduler, int index, IoDriver io) {
    this.scheduler = scheduler;
    this.index = index;
    this.io = io;
    this.idleUntil = System.nanoTime(); // a new worker has had nothing to do until now
    this.parker = new Parker(index, scheduler.driver, io, scheduler.driverLock,
        scheduler.driverSleep, scheduler.runtime.name());
    this.pollsSeen = new long[scheduler.workers.length];
    this.headSeen = new long[scheduler.workers.length];
    this.headSeenAt = new long[scheduler.workers.length];
  }

  @Override
  public WorkerStats stats() {
    return stats;
  }

  // ---- Poller: read by the watchdog and task dumps ----

  @Override
  public Thread pollingThread() {
    return thread;
  }

  @Override
  public boolean inPoll() {
    return (boolean) IN_POLL.getOpaque(this);
  }

  @Override
  public long pollCount() {
    return stats.polls;
  }

  @Override
  public RawTask<?> pollingTask() {
    return slot.current() instanceof RawTask<?> t ? t : null;
  }

  @Override
  public int workerIndex() {
    return index;
  }

  /** The task in this worker's LIFO slot, for a task dump. */
  RawTask<?> lifoTask() {
    return lifo;
  }

  /**
   * Whether an ordinary search could take something here: the ring only, and only when it is
   * worth a thief ({@link #worthAThief}). The LIFO slot is left
   * to the stall check, so counting it here would wake a sleeper that cannot take it (the
   * last searcher's look at every queue, Idle rule 5, woke the same worker again and again while
   * a stuck worker's LIFO task waited: a livelock that kept it from the stall check for good).
   */
  boolean hasSearchableWork() {
    return worthAThief();
  }

  boolean hasStealableWork() {
    return lifo != null || !queue.isEmpty() || deferredCount > 0;
  }

  private boolean hasLocalWork() {
    return hasStealableWork() || !pinned.isEmpty() || remotePinned != null;
  }

  @Override
  public void run() {
    ThreadState ts = ThreadState.current();
    ts.runtime = scheduler.runtime.services;
    ts.schedulerThread = true;
    ts.worker = this;
    try {
      loop(ts);
    } finally {
      drainForShutdown();
    }
  }

  private void loop(ThreadState ts) {
    while (!scheduler.shutdown) {
      try {
        turn(ts);
      } catch (Throwable t) {
        // What a task throws never gets here (RawTask.run keeps it); this is the runtime's own
        // machinery failing, an allocation under a full heap above all. A worker that died of it
        // would leave its pinned tasks and its share of the wake-ups with nobody: report and go
        // on, so the runtime recovers when memory does. (`searching` stays as it was: Idle still
        // counts this worker so, and the next task it finds settles it.)
        scheduler.shared.report("worker " + index + " of the runtime failed in its own loop and"
            + " goes on", t);
      }
    }
  }

  /** One tick: a task to run, found locally, stolen or waited for; or a sleep. */
  private void turn(ThreadState ts) {
    ++tick;
    if (polledSinceDriverPoll >= MultiThreadScheduler.EVENT_INTERVAL) {
      polledSinceDriverPoll = 0;
      maintenance();
    }
    if (sharePending && (tick & 3) == 0) {
      shareIfStillQueued();
    }
    RawTask<?> task = nextTask();
    if (task == null && deferredCount > 0) {
      int queuedBefore = beginDriverBatch();
      try {
        wakeDeferred();
      } finally {
        endDriverBatch(queuedBefore);
      }
      task = nextTask();
    }
    if (task == null) {
      task = stealWork();
    }
    if (task == null) {
      task = spinForWork();
      idleEnded();
    }
    if (task != null) {
      runTask(task, ts);
    } else {
      park();
      idleEnded();
    }
  }

  /** A spin or a sleep just ended: the worker had nothing to do until now ({@link #shareLater}). */
  private void idleEnded() {
    if (SHARE_BUSY_NANOS > 0) { // else nothing reads it: no clock read per idle spell
      idleUntil = System.nanoTime();
    }
  }

  /**
   * Lets the drivers process what is due without blocking: this worker's own sockets always (a
   * busy worker must not starve them), the timers (and a shared selector) if no sleeping worker
   * holds them.
   */
  private void maintenance() {
    stats.maintenancePolls++;
    int queuedBefore = beginDriverBatch();
    try {
      if (scheduler.driverLock.tryLock()) {
        try {
          if (io != null) {
            scheduler.driver.park(0, io);
          } else {
            scheduler.driver.park(0);
          }
        } finally {
          scheduler.driverLock.unlock();
        }
        // A sleeper may have failed to take the driver while we held it; the DriverWatch
        // wakes it onto the driver if we stay busy.
      } else if (io != null) {
        io.park(0);
      }
      wakeDeferred(); // behind what the driver just woke, as tokio's deferred wake-ups
    } finally {
      endDriverBatch(queuedBefore);
    }
    if (STEAL_AT_ONCE > 0) {
      // Once every EVENT_INTERVAL polls, so the clock read costs nothing a task.
      long now = System.nanoTime();
      if (!sleptSinceMaintenance && now - lastMaintenanceAt >= SLOW_INTERVAL_NANOS
          && !queue.isEmpty()) {
        markShareable();
        scheduler.notifyParkedLocal();
      }
      sleptSinceMaintenance = false;
      lastMaintenanceAt = now;
    }
  }

  /**
   * Wakes the tasks that yielded ({@link #deferYield}), oldest first. Called inside a driver
   * batch, so none of these wake-ups notifies a sleeping worker at once (the batch's delayed
   * share covers them): after each maintenance poll of the drivers, so a worker kept busy by
   * other tasks still runs its yielders every {@value MultiThreadScheduler#EVENT_INTERVAL}
   * tasks, and when this worker has nothing else queued.
   */
  private void wakeDeferred() {
    int n = deferredCount;
    if (n == 0) {
      return;
    }
    deferredCount = 0;
    wakingDeferred = true;
    try {
      for (int i = 0; i < n; i++) {
        RawTask<?> t = deferred[i];
        deferred[i] = null;
        t.wake();
      }
    } finally {
      wakingDeferred = false;
    }
  }

  /**
   * The stall check's rescue, on the thief's thread: wakes the tasks that yielded on a worker
   * stuck in one poll, so that they run on the thief (they are not pinned) instead of waiting
   * for that poll to end. The owner's own wake-up of them later finds them queued or running
   * (no effect) or idle again (a spurious wake-up).
   */
  static void wakeDeferredOf(Worker victim) {
    int n = Math.min(victim.deferredCount, victim.deferred.length);
    for (int i = 0; i < n; i++) {
      RawTask<?> t = victim.deferred[i];
      if (t != null) {
        t.wake();
      }
    }
  }

  private RawTask<?> nextTask() {
    if (tick % MultiThreadScheduler.GLOBAL_QUEUE_INTERVAL == 0) {
      RawTask<?> t = scheduler.inject.pop();
      if (t != null) {
        return t;
      }
    }
    RawTask<?> t = takeLifo();
    if (t != null) {
      return t;
    }
    if ((tick & 1) == 0) {
      t = queue.pop();
      if (t == null) {
        queueFoundEmpty();
        t = nextPinned();
      }
    } else {
      t = nextPinned();
      if (t == null) {
        t = queue.pop();
        if (t == null) {
          queueFoundEmpty();
        }
      }
    }
    if (t != null) {
      return t;
    }
    InjectQueue inject = scheduler.inject;
    if (!inject.isEmpty()) {
      int n = Math.min(inject.size() / scheduler.workers.length + 1,
          LocalQueue.INITIAL_CAPACITY / 2);
      return inject.popBatch(n, queue);
    }
    return null;
  }

  private void queueFoundEmpty() {
    if (shareable) { // read first: the line is only written when the flag changes
      shareable = false;
    }
  }

  private RawTask<?> nextPinned() {
    if (remotePinned != null) {
      // Take the whole stack; it is newest first, so reverse it into the queue. Behind what the
      // queue holds, but every time: a pinned task that keeps re-queueing itself here (a yield)
      // must not starve the tasks woken from other threads.
      RawTask<?> stack = (RawTask<?>) REMOTE_PINNED.getAndSet(this, (RawTask<?>) null);
      RawTask<?> ordered = null;
      while (stack != null) {
        RawTask<?> next = stack.queueNext;
        stack.queueNext = ordered;
        ordered = stack;
        stack = next;
      }
      while (ordered != null) {
        RawTask<?> next = ordered.queueNext;
        ordered.queueNext = null;
        pinned.addLast(ordered);
        ordered = next;
      }
    }
    return pinned.pollFirst();
  }

  private RawTask<?> takeLifo() {
    return lifo == null ? null : (RawTask<?>) LIFO.getAndSet(this, (RawTask<?>) null);
  }

  /** A wake-up of a task pinned to this worker, from any thread. */
  void pushPinned(RawTask<?> task) {
    if (Thread.currentThread() == thread) {
      pinned.addLast(task);
      return;
    }
    RawTask<?> head;
    do {
      head = remotePinned;
      task.queueNext = head;
    } while (!REMOTE_PINNED.compareAndSet(this, head, task));
    parker.unpark(); // it may sleep; an unpark before its park is kept (Parker's NOTIFIED)
    if (scheduler.driverSleep.forever) {
      scheduler.driver.unpark(); // this worker is busy now: the driver holder must watch it
    }
  }

  /**
   * {@link Task#yieldNow()} in a task this worker polls: the task is woken once this worker has
   * run out of other work or polled its drivers, as tokio defers {@code yield_now}, and nobody
   * is notified meanwhile. An immediate wake-up sent a sleeping worker to take one task that
   * only wanted to let the others go first (weft-redis writes its replies after a yield, so
   * that they leave after the whole batch, as redis-server writes in {@code beforeSleep}).
   * Only an explicit yield is deferred: a task woken during its own poll otherwise (a spent
   * cooperative budget, above all) goes to the back of the ring and may be shared at once;
   * deferring those too cost W3, whose consumer waited behind every producer. A worker that
   * gets stuck in one poll does not keep its yielders: the stall check wakes them onto another
   * worker ({@link #wakeDeferredOf}), as it steals the ring and the LIFO slot.
   */
  void deferYield(RawTask<?> task) {
    if (deferredCount == deferred.length) {
      wakeDeferred(); // full: the older ones go now, to the ring
    }
    deferred[deferredCount++] = task;
  }

  /**
   * Before a task woken during its own poll goes to the back of a queue (one whose budget ran
   * out, say): the yielders were first, so they go ahead of it, or tasks that keep re-queueing
   * themselves so could keep them waiting until the next maintenance.
   */
  void beforeRequeueOfPolledTask() {
    wakeDeferred();
  }

  /** A wake-up of an unpinned task on this worker's own thread. */
  void scheduleLocal(RawTask<?> task, boolean isYield) {
    if (wakingDeferred) {
      queue.push(task, scheduler.inject); // not the LIFO slot, even inside a poll
      return;
    }
    if (isYield || !inPoll) {
      queue.push(task, scheduler.inject);
      if (!inDriverBatch) {
        notifyParkedIfWorthAThief();
      }
      return;
    }
    RawTask<?> displaced = (RawTask<?>) LIFO.getAndSet(this, task);
    if (displaced != null) {
      queue.push(displaced, scheduler.inject);
      notifyParkedIfWorthAThief();
    }
  }

  private void runTask(RawTask<?> task, ThreadState ts) {
    // Published first: between the queue it came from and this slot, no dump can see the task.
    PollSlot published = slot.next();
    published.set(task);
    if (searching) {
      searching = false;
      if (scheduler.idle.transitionFromSearching()) {
        scheduler.notifyParked(); // Idle rule 4
      }
    }
    int budget = Coop.begin(ts);
    IN_POLL.setOpaque(this, true);
    try {
      task.run(this, ts);
      stats.polls++;
      polledSinceDriverPoll++;
      for (int lifoPolls = 0; ; lifoPolls++) {
        RawTask<?> next = takeLifo();
        if (next == null) {
          break;
        }
        if (lifoPolls == MultiThreadScheduler.MAX_LIFO_POLLS) {
          // The slot had its turns: back of the ring, or the next tick would take it first again.
          // A sleeper is woken only to share work this worker would leave waiting: not for a
          // task that is all it has queued, which its next turn takes. Woken for it, a sleeper
          // steals it now and then, and a ping-pong of two tasks splits over two threads that
          // then hand every message across cores (W2 woven mt: 8-10 % slower, with 50-200
          // times as many steals and wake-ups of the other worker).
          boolean queuedBefore = hasLocalWork();
          queue.push(next, scheduler.inject);
          if (queuedBefore) {
            scheduler.notifyParkedLocal();
          }
          break;
        }
        published.set(next);
        // A budget of its own, unlike tokio's slot, which shares the first task's: a task woken
        // by one that spent its budget (a consumer draining a channel wakes a producer) then
        // went to the back of the ring, or ran on what was left and was cut short after a few
        // sends; W3 woven mt took 61 ns a message so, 49 with it (medians of 9 rounds; the
        // continuation mt runtime, whose started tasks never use the slot, 52-54).
        // MAX_LIFO_POLLS still bounds a tick.
        Coop.begin(ts);
        next.run(this, ts);
        stats.polls++;
        polledSinceDriverPoll++;
      }
    } finally {
      IN_POLL.setOpaque(this, false);
      published.set(null); // a finished task's output is not kept alive from here
      Coop.end(ts, budget);
      // A task that left the interrupt flag set must not make the next task start interrupted.
      Thread.interrupted();
    }
  }

  /**
   * Whether a thief should take (or a sleeper be woken for) what this worker's ring holds, on
   * the owner's word: see "When a thief takes work".
   */
  boolean worthAThief() {
    return STEAL_AT_ONCE == 0 ? !queue.isEmpty()
        : (shareable ? !queue.isEmpty() : queue.size() >= STEAL_AT_ONCE);
  }

  /**
   * Whether the victim's queue has not moved for the patience: its owner is in a long poll, or
   * preempted. Looked at again on every search; the first look only starts the clock.
   */
  private boolean queueStuck(Worker victim) {
    if (STEAL_AT_ONCE == 0 || victim.queue.isEmpty()) {
      return false;
    }
    long h = victim.queue.headIndex();
    long now = System.nanoTime();
    int v = victim.index;
    if (h != headSeen[v]) {
      headSeen[v] = h;
      headSeenAt[v] = now;
      return false;
    }
    return now - headSeenAt[v] >= STEAL_PATIENCE_NANOS;
  }

  private void notifyParkedIfWorthAThief() {
    if (scheduler.idle.mightWantWorker() && worthAThief()) {
      scheduler.notifyParked();
    }
  }

  private void markShareable() {
    if (STEAL_AT_ONCE > 0 && !shareable) {
      shareable = true;
    }
  }

  private RawTask<?> stealWork() {
    if (!searching) {
      if (!scheduler.idle.transitionToSearching()) {
        return null;
      }
      searching = true;
    }
    Worker[] all = scheduler.workers;
    int n = all.length;
    int start = n > 1 ? ThreadLocalRandom.current().nextInt(n) : 0;
    for (int i = 0; i < n; i++) {
      Worker victim = all[(start + i) % n];
      if (victim != this && (stealLifoNext || victim.worthAThief() || queueStuck(victim))) {
        RawTask<?> t = victim.queue.stealInto(queue);
        if (t != null) {
          stats.steals += queue.lastStealCount;
          return t;
        }
      }
    }
    if (stealLifoNext) {
      // Only after the stall check saw a worker stuck in one poll: taking a LIFO slot from a
      // worker that is merely busy turns a chain of hand-offs into a ping-pong between threads
      // (tokio measured that as a regression; here it made a spawn chain 6x slower).
      stealLifoNext = false;
      for (int i = 0; i < n; i++) {
        Worker victim = all[(start + i) % n];
        if (victim != this) {
          RawTask<?> t = victim.takeLifo();
          if (t != null) {
            stats.steals++;
            return t;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        Worker victim = all[(start + i) % n];
        if (victim != this && victim.deferredCount > 0) {
          wakeDeferredOf(victim); // onto this worker's queue
          RawTask<?> t = queue.pop();
          if (t != null) {
            return t;
          }
        }
      }
    }
    return scheduler.inject.pop();
  }

  /**
   * Polls this worker's sockets without blocking, as one driver batch: the tasks a driver wakes
   * on this worker (its sockets' readiness, timers) go onto its own queue with no notification
   * each, and {@link #endDriverBatch} wakes a sleeping worker once, only if more than one of the
   * batch's tasks is still queued a little later ({@link #shareLater}; tokio's worker notifies
   * after its park at once). A notification per woken task made a worker with ready
   * connections wake its neighbour for each, which stole a task or two whose sockets stay on
   * this worker's selector: on two cores shared with a load client those hand-offs were context
   * switches and latency (weft-redis at -P 1 on the multi-thread runtime: about 10 % more
   * requests a second without them).
   */
  private void pollOwnSockets() {
    int queuedBefore = beginDriverBatch();
    try {
      io.park(0); // readiness wakes their tasks onto this worker's queues
    } finally {
      endDriverBatch(queuedBefore);
    }
  }

  /** Returns how many tasks the queue holds before the batch. */
  private int beginDriverBatch() {
    inDriverBatch = true;
    return queue.size();
  }

  private void endDriverBatch(int queuedBefore) {
    inDriverBatch = false;
    shareLater(queuedBefore);
  }

  /**
   * After a driver batch: if more than one of its tasks waits here, a sleeping worker is
   * notified to share them, but only if they are still waiting {@link #SHARE_AFTER_NANOS} later
   * ({@link #shareIfStillQueued}). A batch this worker finishes sooner costs no wake-up: on a
   * machine whose cores are all busy (a server beside its load client), waking a neighbour for
   * a few short tasks takes a core from the rest and preempts someone, and a preempted worker
   * delays every task it holds. With this, the DriverWatch and no spin after readiness,
   * weft-redis at -P 1 on the shared selector served 125-135k requests a second at a p99 of
   * 0.55-0.6 ms, against 104-115k and 0.8-0.95 ms before, on this project's two cores. A worker
   * that stays behind its batch gets help within the delay, as tokio's would at once. The delay
   * was 50 µs; since searchers may take a batch's tasks at once ("When a thief takes work"), none
   * is better for W8 (woven server, shared selector; six alternated pairs of processes: more
   * round trips a second in all six and a lower p99 in five; the medians of each three pairs
   * 136k and 148k against 130k and 144k, 856 and 850 µs against 891 and 923 µs) and level for
   * weft-redis at -P 1 (within the noise of eight alternated rounds): the tasks still queued at
   * this worker's next look, four ticks on, wake a sleeper.
   *
   * <p>Only the batch's own tasks count ({@code queuedBefore}: what the queue held before it),
   * and only while a worker sleeps and none searches: an awake worker steals before it sleeps,
   * so there is nobody to wake. A worker with a queue it did not fill from the driver (a spawner's
   * burst it works off, W1) so never reads the clock for a share it would not make: that read
   * every few tasks was about 5 ns a task of W1 on the multi-thread runtime.
   *
   * <p>With {@link #SHARE_BUSY_NANOS} set, the share also waits until this worker has been busy
   * that long since it last had nothing to do: a worker that keeps up (it runs out of work now
   * and then) is left alone with its batches. Whether that pays depends on who else needs the
   * cores. On two cores beside a single-threaded load client (redis-benchmark at -P 1, three
   * rounds in turn) 300 µs took weft-redis from 52-58k requests a second to 70-76k on SET, GET,
   * PING and LPUSH (redis-server 62-70k); beside a two-thread client whose server is the
   * bottleneck (W8 echo, woven server, three turns) it cost round trips: 105.9k against 118.7k,
   * p99 1,198 against 1,072 µs. So the runtime's default is none, as tokio's.
   */
  private void shareLater(int queuedBefore) {
    int added = queue.size() - queuedBefore;
    if (added > 0) {
      markShareable(); // a searcher may take them at once; a sleeper is woken only later
    }
    if (added > 1 && !sharePending && scheduler.idle.mightWantWorker()) {
      sharePending = true;
      shareAt = System.nanoTime() + SHARE_AFTER_NANOS;
      long busyEnough = idleUntil + SHARE_BUSY_NANOS;
      if (SHARE_BUSY_NANOS > 0 && busyEnough - shareAt > 0) { // nanoTime: compare differences
        shareAt = busyEnough;
      }
    }
  }

  /**
   * Called every few ticks while a batch waits to be shared (see {@link #shareLater}); the share
   * is dropped once nobody sleeps or someone searches (the searcher steals what waits here).
   */
  private void shareIfStillQueued() {
    if (queue.size() <= 1 || !scheduler.idle.mightWantWorker()) {
      sharePending = false;
    } else if (System.nanoTime() - shareAt >= 0) {
      sharePending = false;
      markShareable();
      scheduler.notifyParked();
    }
  }

  /** Looks for work for up to {@link #SPIN_NANOS} before the worker goes to sleep. */
  private RawTask<?> spinForWork() {
    if (wokenByReadiness) {
      // Its last sleep ended by readiness of sockets (or a timer), not a hand-off from another
      // thread: its next work most likely comes the same way, which a sleep on the selector
      // receives as soon as a spin would; spinning would only take the core from the rest of
      // the machine (on W8's two cores, the load client: 15 % of the round trips; weft-redis
      // at -P 1 on the shared selector, 8 % of its requests a second).
      return null;
    }
    long deadline = System.nanoTime() + SPIN_NANOS;
    for (int i = 1; ; i++) {
      Thread.onSpinWait();
      // A hand-off to a task pinned here arrives on remotePinned: look at it (and the other
      // cheap signs of local work) on every turn, so it is picked up within ~100 ns.
      if (remotePinned != null || lifo != null || !queue.isEmpty() || !scheduler.inject.isEmpty()) {
        RawTask<?> t = nextTask();
        if (t != null) {
          return t;
        }
      }
      if ((i & 127) == 0) {
        if (io != null) {
          pollOwnSockets();
        }
        RawTask<?> t = stealWork();
        if (t == null && io != null) {
          t = nextTask();
        }
        if (t != null) {
          return t;
        }
        if (scheduler.shutdown || System.nanoTime() > deadline) {
          return null;
        }
      }
    }
  }

  private void park() {
    if (hasLocalWork()) {
      return;
    }
    sharePending = false; // its batch is done: the next one gets its own delay
    boolean wasLastSearcher = scheduler.idle.transitionToParked(index, searching);
    searching = false;
    if (wasLastSearcher) {
      scheduler.notifyIfWorkPending();
    }
    while (!scheduler.shutdown) {
      // A sleeping worker keeps no stolen, finished task alive, and a ring that a burst grew
      // goes back to its first size after a while: the sleep ends by then to see to it.
      queue.clearTakenSlots();
      boolean othersBusy = othersBusy();
      long timeout = othersBusy ? MultiThreadScheduler.STALL_CHECK_NANOS : Driver.FOREVER;
      long maxSleep = Math.max(1, queue.nanosUntilShrink());
      Object parkEvent = Jfr.on() ? WorkerEvents.beginPark() : null;
      long readyTurns = io != null ? io.loop.readyTurns() : 0;
      boolean heldDriver;
      inDriverBatch = true; // no notification per woken task (see pollOwnSockets)...
      try {
        heldDriver = parker.park(
            timeout, othersBusyCheck, MultiThreadScheduler.STALL_CHECK_NANOS, maxSleep);
      } finally {
        inDriverBatch = false;
      }
      polledSinceDriverPoll = 0; // the sleep polled the drivers (or this worker's own sockets)
      sleptSinceMaintenance = true; // the next maintenance interval is not all work
      boolean unparked = parker.lastWakeWasUnpark();
      if (unparked) {
        stats.wakesByUnpark++;
      }
      wokenByReadiness = !unparked
          && (io != null ? io.loop.readyTurns() != readyTurns : heldDriver);
      if (parkEvent != null) {
        WorkerEvents.endPark(parkEvent, scheduler.runtime.name(), index, heldDriver, timeout);
      }
      if (scheduler.shutdown) {
        return;
      }
      if (transitionFromParked()) {
        if (heldDriver && unparked) {
          // Handed work, we leave the driver: another sleeper takes it now. Woken by readiness,
          // we leave it to the DriverWatch: this worker takes the driver again when it sleeps,
          // and polls it meanwhile, so a sleeper woken for every I/O batch would mostly find
          // nothing to do but take a core from whatever else runs (DriverWatch).
          scheduler.watchDriver();
        }
        shareLater(0); // ...but one for the batch, if it is not done soon
        return;
      }
      if (heldDriver && othersBusy && stalledWorkExists() && scheduler.idle.unparkById(index)) {
        searching = false;
        stealLifoNext = true; // the stalled worker's LIFO slot may be what waits
        scheduler.watchDriver();
        return;
      }
    }
  }

  private boolean othersBusy() {
    return scheduler.idle.unparkedCount() > 0;
  }

  /** True if the worker should leave its sleep: it was notified, or has tasks of its own. */
  private boolean transitionFromParked() {
    if (hasLocalWork()) {
      // Pinned wake-ups, or the driver queued tasks here while we slept; we may also have been
      // notified meanwhile (then unparkById finds us gone from the sleepers: we are searching).
      searching = !scheduler.idle.unparkById(index);
      if (!searching && scheduler.driverSleep.forever) {
        scheduler.driver.unpark(); // busy now: the driver holder must watch us (Parker.DriverSleep)
      }
      return true;
    }
    if (scheduler.idle.isParked(index)) {
      return false; // spurious or timed wake-up: nobody notified us
    }
    searching = true; // a notified worker comes back searching (Idle rule 2)
    return true;
  }

  /**
   * A worker that finished no poll since our last look, with stealable tasks behind it: inside
   * one long poll, or preempted between two (a few queued tasks wake no sleeper, so the check
   * is what takes them from a worker the kernel took the core from).
   */
  private boolean stalledWorkExists() {
    boolean stalled = false;
    for (Worker w : scheduler.workers) {
      if (w == this) {
        continue;
      }
      long polls = w.stats.polls;
      boolean samePoll = polls == pollsSeen[w.index];
      pollsSeen[w.index] = polls;
      if (samePoll && w.hasStealableWork()) {
        stalled = true;
      }
    }
    return stalled;
  }

  /**
   * Shutdown step 2: cancel, on this thread, what this worker holds: its queues, and the idle
   * tasks pinned to it (their coroutines must resume here, even to run their cleanup); then help
   * with the tasks no worker owns.
   */
  private void drainForShutdown() {
    RawTask<?> t = takeLifo();
    if (t != null) {
      t.shutdown();
    }
    while ((t = queue.pop()) != null) {
      t.shutdown();
    }
    java.util.Arrays.fill(deferred, null); // idle, registered: the registry pass cancels them
    deferredCount = 0;
    while ((t = nextPinned()) != null) {
      t.shutdown();
    }
    for (RawTask<?> idle : scheduler.registry().take(this)) {
      idle.shutdown();
    }
    while ((t = nextPinned()) != null) {
      t.shutdown(); // woken by the cleanups above
    }
    scheduler.cancelUnpinnedLeftovers();
  }
}
