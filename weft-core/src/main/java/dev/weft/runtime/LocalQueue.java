package dev.weft.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A worker's run queue: a ring of tasks, pushed and popped (FIFO) by its owner and stolen from,
 * half at a time, by other workers. The ring starts with {@value #INITIAL_CAPACITY} slots and
 * doubles when a push finds it full, up to {@link #MAX_CAPACITY}; only then does a push move
 * half of it to the injection queue. A task that a burst of spawns queued here thus goes from
 * this ring to the worker that runs it, and not through the injection queue's linked list,
 * whose walk costs a cache miss a task (W1, a million spawns in one poll on two workers: 28-42 ns
 * a task against 45-64 ns with a fixed ring of 256 that overflowed, in alternated runs; a
 * ForkJoinPool of two, 32-37 ns).
 * A ring that grew keeps its size while bursts keep coming (a benchmark's rounds, a server's
 * load), which would otherwise pay for the growth again each time; its owner puts a ring of the
 * first size back when it finds it empty before parking, {@link #SHRINK_AFTER_NANOS} or more
 * after the ring last grew (a sleeping worker wakes to do so).
 *
 * <h2>Protocol</h2>
 * <ol>
 *   <li>{@code tail} is written only by the owner, with release semantics after the slot; a
 *       reader that acquires {@code tail} and then reads {@code buffer} sees every slot below
 *       that tail in the array it read (rule 8).
 *   <li>{@code head} only grows, by CAS, from the owner's pop and from thieves. 64 bits, so it
 *       never wraps back to a value a slow thief still holds (no ABA).
 *   <li>A thief copies the slots {@code [head, head + n)} into its own queue, unpublished, and
 *       then claims them by CAS on {@code head}. The owner can only overwrite one of those slots
 *       after {@code head} moved past it, which makes the CAS fail and the thief retry, so a
 *       claimed copy is always the tasks that were there.
 *   <li>The owner clears a slot after popping it (so a finished task is not kept alive by the
 *       ring); thieves never write the victim's slots.
 *   <li>When the ring is full and at its largest size, the owner moves half of it and the new
 *       task to the injection queue in one batch.
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
 *   <li>The owner replaces the array only when the ring is full, by one twice the size holding
 *       every slot from {@code head} to {@code tail}, or when it is empty, by a fresh one of the
 *       first size; it publishes the new array before it writes any slot of it that a new
 *       {@code tail} covers, and never writes the old one again. A thief reads the array after
 *       {@code tail}, so the array it reads holds every task below that tail. Slots it reads
 *       of an array that was replaced since hold what they held, or nothing for indices that
 *       {@code head} had passed; either way a claim of an index {@code head} passed fails
 *       (rule 3).
 * </ol>
 */
final class LocalQueue extends LocalQueueLayout.Gap {
  /** The ring's first size, and the size it goes back to when empty. */
  static final int INITIAL_CAPACITY = 256;
  /** The ring's default largest size: 4 MB of references a worker at most. */
  static final int MAX_CAPACITY = 1 << 20;
  /** How long after it last grew an empty ring keeps its size, by default. */
  static final long SHRINK_AFTER_NANOS = 1_000_000_000L;

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

  /** The ring, for thieves (rule 8); its owner reads {@code ownerBuffer}. */
  private volatile RawTask<?>[] buffer;
  private volatile long head; // tail and the owner's cached head: LocalQueueLayout
  /** Beyond this many tasks, a push overflows into the injection queue (rule 5). */
  private final int maxCapacity;
  private final long shrinkAfterNanos;
  /** When the ring last grew (owner only). */
  private long grewAt;

  LocalQueue() {
    this(MAX_CAPACITY, SHRINK_AFTER_NANOS);
  }

  /**
   * A queue that grows to {@code maxCapacity} (a power of two) and, empty, keeps a larger size
   * until {@code shrinkAfterNanos} after it last grew; for tests.
   */
  LocalQueue(int maxCapacity, long shrinkAfterNanos) {
    if (Integer.bitCount(maxCapacity) != 1 || maxCapacity < INITIAL_CAPACITY) {
      throw new IllegalArgumentException("maxCapacity must be a power of two of at least "
          + INITIAL_CAPACITY + ": " + maxCapacity);
    }
    this.maxCapacity = maxCapacity;
    this.shrinkAfterNanos = shrinkAfterNanos;
    RawTask<?>[] b = new RawTask<?>[INITIAL_CAPACITY];
    ownerBuffer = b;
    buffer = b;
  }

  /** The ring's size now (owner). */
  int capacity() {
    return ownerBuffer.length;
  }

  /**
   * Owner: how long until an empty ring that grew may go back to its first size (0: now), or
   * {@link Driver#FOREVER} for a ring at its first size. A sleeping worker sleeps no longer than
   * this ({@link Worker}), so an idle runtime does not keep a large ring for long.
   */
  long nanosUntilShrink() {
    if (ownerBuffer.length == INITIAL_CAPACITY) {
      return Driver.FOREVER;
    }
    return Math.max(0, grewAt + shrinkAfterNanos - System.nanoTime());
  }

  /** The ring's size now, from any thread (for tests). */
  int capacityRacy() {
    return buffer.length;
  }

  /** Tasks now in the queue (a snapshot; exact for the owner). */
  int size() {
    long t = (long) TAIL.getAcquire(this);
    long h = (long) HEAD.getAcquire(this);
    return (int) Math.max(0, t - h);
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** The index of the next task to leave the queue (the owner's pops and thieves move it). */
  long headIndex() {
    return (long) HEAD.getOpaque(this);
  }

  /**
   * Owner: appends {@code task}; doubles the ring when full, and past its largest size
   * overflows half the queue into {@code inject}.
   */
  void push(RawTask<?> task, InjectQueue inject) {
    RawTask<?>[] b = ownerBuffer;
    long t = (long) TAIL.getOpaque(this);
    if (t - cachedHead < b.length) { // the common case: no look at the line thieves write
      b[(int) t & (b.length - 1)] = task;
      TAIL.setRelease(this, t + 1);
      return;
    }
    for (;;) {
      long h = (long) HEAD.getAcquire(this);
      cachedHead = h;
      if (t - h < b.length) {
        b[(int) t & (b.length - 1)] = task;
        TAIL.setRelease(this, t + 1);
        return;
      }
      if (b.length < maxCapacity) {
        b = grow(b, h, t);
        b[(int) t & (b.length - 1)] = task;
        TAIL.setRelease(this, t + 1);
        return;
      }
      if (pushOverflow(task, h, inject)) {
        return;
      }
      // a thief took some tasks meanwhile: there is room now
    }
  }

  /**
   * Rule 8: a copy of the full ring {@code [h, t)} twice its size, published before any slot of
   * it is written beyond what it copied. Slots a thief claims during the copy come along; they
   * lie below {@code head}, where the next clearing or overwrite removes them (rule 7).
   */
  private RawTask<?>[] grow(RawTask<?>[] old, long h, long t) {
    RawTask<?>[] grown = new RawTask<?>[old.length * 2];
    int oldMask = old.length - 1;
    int mask = grown.length - 1;
    for (long i = h; i < t; i++) {
      grown[(int) i & mask] = old[(int) i & oldMask];
    }
    ownerBuffer = grown;
    buffer = grown;
    grewAt = System.nanoTime();
    return grown;
  }

  private boolean pushOverflow(RawTask<?> task, long h, InjectQueue inject) {
    RawTask<?>[] ring = ownerBuffer;
    int mask = ring.length - 1;
    int n = ring.length / 2;
    if (!HEAD.compareAndSet(this, h, h + n)) {
      return false;
    }
    headMovedByOwner += n;
    RawTask<?> first = null;
    RawTask<?> last = null;
    for (int i = 0; i < n; i++) {
      int slot = (int) (h + i) & mask;
      RawTask<?> t = ring[slot];
      ring[slot] = null;
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
   * Owner, before it parks and while it sleeps: if the ring is empty, puts a ring that grew
   * long enough ago ({@link #nanosUntilShrink}) back to its first size (rule 8), or else clears
   * every slot if thieves took tasks since the last clearing (rule 7). Whatever {@code head}
   * moved beyond the owner's own pops and overflow moves, thieves moved; the owner clears the
   * slots it pops itself.
   */
  void clearTakenSlots() {
    long t = (long) TAIL.getOpaque(this);
    long h = (long) HEAD.getAcquire(this);
    if (h != t) {
      return;
    }
    long movedByThieves = h - headMovedByOwner;
    if (ownerBuffer.length > INITIAL_CAPACITY && nanosUntilShrink() == 0) {
      RawTask<?>[] first = new RawTask<?>[INITIAL_CAPACITY];
      ownerBuffer = first;
      buffer = first;
      headMovedByThievesCleared = movedByThieves;
    } else if (movedByThieves != headMovedByThievesCleared) {
      Arrays.fill(ownerBuffer, null);
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
      RawTask<?>[] b = ownerBuffer;
      int slot = (int) h & (b.length - 1);
      RawTask<?> task = b[slot];
      if (HEAD.compareAndSet(this, h, h + 1)) {
        b[slot] = null;
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
    RawTask<?>[] into = dst.ownerBuffer; // the thief owns dst: it does not grow meanwhile
    int intoMask = into.length - 1;
    long room = into.length - (dt - (long) HEAD.getAcquire(dst));
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
      RawTask<?>[] from = buffer; // after tail: it holds every slot below t (rule 8)
      int fromMask = from.length - 1;
      for (long i = 0; i < n; i++) {
        into[(int) (dt + i) & intoMask] = from[(int) (h + i) & fromMask];
      }
      if (HEAD.compareAndSet(this, h, h + n)) {
        int lastSlot = (int) (dt + n - 1) & intoMask;
        RawTask<?> ret = into[lastSlot];
        into[lastSlot] = null;
        if (n > 1) {
          TAIL.setRelease(dst, dt + n - 1);
        }
        dst.lastStealCount = (int) n;
        return ret;
      }
      // Lost the claim: the copies sit beyond dst's tail, where nothing overwrites them until
      // dst's owner (this thread) pushes that far, so they would keep finished tasks alive.
      for (long i = 0; i < n; i++) {
        into[(int) (dt + i) & intoMask] = null;
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
    RawTask<?>[] b = buffer;
    for (long i = h; i < t && i - h < b.length; i++) {
      RawTask<?> task = b[(int) i & (b.length - 1)];
      if (task != null) {
        out.accept(task);
      }
    }
  }

  /** For tests, by the owner: passes on every task any slot holds, published or not. */
  void forEachSlotForTest(java.util.function.Consumer<RawTask<?>> out) {
    for (RawTask<?> t : ownerBuffer) {
      if (t != null) {
        out.accept(t);
      }
    }
  }

  /** For tests, by the owner of an empty ring: clears every slot. */
  void clearAllForTest() {
    Arrays.fill(ownerBuffer, null);
  }

  /** How many tasks the last successful {@link #stealInto} into this queue moved. */
  int lastStealCount;
}
