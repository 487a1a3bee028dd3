package dev.weft.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A worker's run queue: a bounded ring of 256 tasks, pushed and popped (FIFO) by its owner and
 * stolen from, half at a time, by other workers.
 *
 * <h2>Protocol</h2>
 * <ol>
 *   <li>{@code tail} is written only by the owner, with release semantics after the slot; a
 *       reader that acquires {@code tail} sees every slot below it.
 *   <li>{@code head} only grows, by CAS, from the owner's pop and from thieves. 64 bits, so it
 *       never wraps back to a value a slow thief still holds (no ABA).
 *   <li>A thief copies the slots {@code [head, head + n)} into its own queue, unpublished, and
 *       then claims them by CAS on {@code head}. The owner can only overwrite one of those slots
 *       after {@code head} moved past it, which makes the CAS fail and the thief retry, so a
 *       claimed copy is always the tasks that were there.
 *   <li>The owner clears a slot after popping it (so a finished task is not kept alive by the
 *       ring); thieves never write the victim's slots.
 *   <li>When the ring is full, the owner moves half of it and the new task to the injection
 *       queue in one batch.
 *   <li>The owner pushes against a cached {@code head}, never newer than the real one, so it
 *       never sees more room than there is; it reads {@code head}, the line thieves CAS, only
 *       when the cached room runs out. {@code head} and {@code tail} live on cache lines of
 *       their own ({@link LocalQueueLayout}).
 *   <li>The slots a thief took keep their tasks (rule 4: it may not clear them) until the owner
 *       writes over them, or clears the whole ring when it finds it empty before it parks and
 *       thieves took something since its last clearing ({@link #clearTakenSlots}). Empty, the
 *       ring has nothing a thief could claim: a thief that read an older {@code head} copies
 *       what it finds and fails its CAS (rule 3). A thief whose CAS fails clears the copies it
 *       made in its own queue. So an idle worker keeps no finished task alive, and with it the
 *       task's join handle, whose collection reports an ignored failure.
 * </ol>
 */
final class LocalQueue extends LocalQueueLayout.Gap {
  static final int CAPACITY = 256;
  private static final int MASK = CAPACITY - 1;

  private static final VarHandle HEAD;
  private static final VarHandle TAIL;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(LocalQueue.class, "head", long.class);
      TAIL = l.findVarHandle(LocalQueueLayout.TailSide.class, "tail", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RawTask<?>[] buffer = new RawTask<?>[CAPACITY];
  private volatile long head; // tail and the owner's cached head: LocalQueueLayout

  /** Tasks now in the queue (a snapshot; exact for the owner). */
  int size() {
    long t = (long) TAIL.getAcquire(this);
    long h = (long) HEAD.getAcquire(this);
    return (int) Math.max(0, t - h);
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** Owner: appends {@code task}; overflows half the queue into {@code inject} when full. */
  void push(RawTask<?> task, InjectQueue inject) {
    long t = (long) TAIL.getOpaque(this);
    if (t - cachedHead < CAPACITY) { // the common case: no look at the line thieves write
      buffer[(int) t & MASK] = task;
      TAIL.setRelease(this, t + 1);
      return;
    }
    for (;;) {
      long h = (long) HEAD.getAcquire(this);
      cachedHead = h;
      if (t - h < CAPACITY) {
        buffer[(int) t & MASK] = task;
        TAIL.setRelease(this, t + 1);
        return;
      }
      if (pushOverflow(task, h, inject)) {
        return;
      }
      // a thief took some tasks meanwhile: there is room now
    }
  }

  private boolean pushOverflow(RawTask<?> task, long h, InjectQueue inject) {
    int n = CAPACITY / 2;
    if (!HEAD.compareAndSet(this, h, h + n)) {
      return false;
    }
    headMovedByOwner += n;
    RawTask<?> first = null;
    RawTask<?> last = null;
    for (int i = 0; i < n; i++) {
      int slot = (int) (h + i) & MASK;
      RawTask<?> t = buffer[slot];
      buffer[slot] = null;
      if (first == null) {
        first = t;
      } else {
        last.queueNext = t;
      }
      last = t;
    }
    last.queueNext = task;
    inject.pushBatch(first, task, n + 1);
    return true;
  }

  /**
   * Owner, before it parks: clears every slot if the ring is empty and thieves took tasks since
   * the last clearing (rule 7). Whatever {@code head} moved beyond the owner's own pops and
   * overflow moves, thieves moved; the owner clears the slots it pops itself.
   */
  void clearTakenSlots() {
    long t = (long) TAIL.getOpaque(this);
    long h = (long) HEAD.getAcquire(this);
    long movedByThieves = h - headMovedByOwner;
    if (h == t && movedByThieves != headMovedByThievesCleared) {
      Arrays.fill(buffer, null);
      headMovedByThievesCleared = movedByThieves;
    }
  }

  /** Owner: the oldest task, or null. */
  RawTask<?> pop() {
    for (;;) {
      long h = (long) HEAD.getAcquire(this);
      long t = (long) TAIL.getOpaque(this);
      if (h == t) {
        return null;
      }
      int slot = (int) h & MASK;
      RawTask<?> task = buffer[slot];
      if (HEAD.compareAndSet(this, h, h + 1)) {
        buffer[slot] = null;
        headMovedByOwner++;
        return task;
      }
    }
  }

  /**
   * Thief (the owner of {@code dst}): moves half of this queue (rounded up) into {@code dst},
   * returning one of the moved tasks to run now, or null if there was nothing to take. Sets
   * {@link #lastStealCount} on {@code dst}.
   */
  RawTask<?> stealInto(LocalQueue dst) {
    long dt = (long) TAIL.getOpaque(dst);
    long room = CAPACITY - (dt - (long) HEAD.getAcquire(dst));
    for (;;) {
      long h = (long) HEAD.getAcquire(this);
      long t = (long) TAIL.getAcquire(this);
      long available = t - h;
      if (available <= 0) {
        return null;
      }
      long n = Math.min(available - available / 2, room);
      if (n <= 0) {
        return null;
      }
      for (long i = 0; i < n; i++) {
        dst.buffer[(int) (dt + i) & MASK] = buffer[(int) (h + i) & MASK];
      }
      if (HEAD.compareAndSet(this, h, h + n)) {
        int lastSlot = (int) (dt + n - 1) & MASK;
        RawTask<?> ret = dst.buffer[lastSlot];
        dst.buffer[lastSlot] = null;
        if (n > 1) {
          TAIL.setRelease(dst, dt + n - 1);
        }
        dst.lastStealCount = (int) n;
        return ret;
      }
      // Lost the claim: the copies sit beyond dst's tail, where nothing overwrites them until
      // dst's owner (this thread) pushes that far, so they would keep finished tasks alive.
      for (long i = 0; i < n; i++) {
        dst.buffer[(int) (dt + i) & MASK] = null;
      }
    }
  }

  /**
   * For a task dump, from any thread: passes on each task the ring seems to hold. The slots are
   * read without a claim, so a task may have left meanwhile, or be passed twice; the dump reads
   * each task's own state word and drops repeats.
   */
  void forEachRacy(java.util.function.Consumer<RawTask<?>> out) {
    long h = (long) HEAD.getAcquire(this);
    long t = (long) TAIL.getAcquire(this);
    for (long i = h; i < t && i - h < CAPACITY; i++) {
      RawTask<?> task = buffer[(int) i & MASK];
      if (task != null) {
        out.accept(task);
      }
    }
  }

  /** For tests, by the owner: passes on every task any slot holds, published or not. */
  void forEachSlotForTest(java.util.function.Consumer<RawTask<?>> out) {
    for (RawTask<?> t : buffer) {
      if (t != null) {
        out.accept(t);
      }
    }
  }

  /** For tests, by the owner of an empty ring: clears every slot. */
  void clearAllForTest() {
    Arrays.fill(buffer, null);
  }

  /** How many tasks the last successful {@link #stealInto} into this queue moved. */
  int lastStealCount;
}
