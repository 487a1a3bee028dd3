package dev.weft.internal.time;

/**
 * A hierarchical timing wheel (tokio's design): 6 levels of 64 slots, 1 tick (the timer driver's
 * unit: a tenth of a millisecond) of resolution at level 0, each level's slot as wide as the
 * whole level below. Insert and remove are O(1); finding the next expiration looks at one 64-bit
 * occupancy word per level. Not thread-safe: its owner (the runtime's timer driver) guards it
 * with a lock.
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li>{@code elapsed} only grows. Every entry with a deadline at or before {@code elapsed} has
 *       left the wheel: it is on the due list or was delivered.
 *   <li>An entry with deadline {@code d > elapsed} sits at level {@code L}, the level of the most
 *       significant 6-bit digit in which {@code d} and {@code elapsed} differ, in slot
 *       {@code (d >>> 6L) & 63}. Since {@code d} and {@code elapsed} agree above that digit and
 *       {@code d} is later, the slot is after {@code elapsed}'s own slot at that level, so a
 *       slot's start time is always later than {@code elapsed} (no wrap-around, except for the
 *       clamped far deadlines of rule 5, which the lookup handles).
 *   <li>Bit {@code s} of {@code occupied[L]} is set exactly when slot {@code s} of level
 *       {@code L} holds an entry.
 *   <li>Advancing visits non-empty slots in order of start time. A slot at level 0 holds entries
 *       of exactly one deadline, its start, and they all become due; a slot at a higher level is
 *       emptied and its entries re-inserted against the new {@code elapsed} (the slot's start),
 *       which puts them at lower levels (cascading) or on the due list. So entries become due
 *       in deadline order, each exactly once.
 *   <li>A deadline more than {@link #MAX_DURATION} ticks after {@code elapsed} is clamped to
 *       that horizon (2^36 ticks: about 80 days at a tenth of a millisecond a tick); the caller
 *       re-inserts it when it fires early.
 *   <li>The due list is a FIFO of entries that became due but were not yet handed out by
 *       {@link #poll}; removing one from it is O(1) like removing one from a slot.
 * </ol>
 */
public final class TimerWheel {
  static final int LEVELS = 6;
  static final int SLOTS = 64;
  private static final int BITS = 6;
  private static final long SLOT_MASK = SLOTS - 1;

  /** The farthest a deadline may lie ahead of {@code elapsed}, in ticks (rule 5). */
  public static final long MAX_DURATION = (1L << (BITS * LEVELS)) - 1;

  /** {@link #nextExpiration()} when the wheel is empty. */
  public static final long NONE = Long.MAX_VALUE;

  private final TimerEntry[][] slots = new TimerEntry[LEVELS][SLOTS];
  private final long[] occupied = new long[LEVELS];
  private long elapsed;
  private int size; // entries in slots or on the due list
  private TimerEntry dueHead;
  private TimerEntry dueTail;

  /** The tick up to which the wheel has advanced. */
  public long elapsed() {
    return elapsed;
  }

  /** Entries in the wheel or waiting on the due list. */
  public int size() {
    return size;
  }

  /** True if due entries wait to be handed out by {@link #poll}. */
  public boolean hasDue() {
    return dueHead != null;
  }

  /**
   * Inserts {@code e} with {@code deadline} (ticks). A deadline at or before {@code elapsed} is
   * already due: the entry goes straight to the due list.
   */
  public void insert(TimerEntry e, long deadline) {
    if (e.level != TimerEntry.NOWHERE) {
      throw new IllegalStateException("timer entry inserted twice");
    }
    e.deadline = deadline;
    size++;
    place(e);
  }

  /** Unlinks {@code e} from its slot or from the due list; no effect if it is in neither. */
  public void remove(TimerEntry e) {
    int level = e.level;
    if (level == TimerEntry.NOWHERE) {
      return;
    }
    if (level == TimerEntry.DUE) {
      if (e.prev != null) {
        e.prev.next = e.next;
      } else {
        dueHead = e.next;
      }
      if (e.next != null) {
        e.next.prev = e.prev;
      } else {
        dueTail = e.prev;
      }
    } else {
      int slot = e.slot;
      if (e.prev != null) {
        e.prev.next = e.next;
      } else {
        slots[level][slot] = e.next;
        if (e.next == null) {
          occupied[level] &= ~(1L << slot);
        }
      }
      if (e.next != null) {
        e.next.prev = e.prev;
      }
    }
    e.prev = e.next = null;
    e.level = TimerEntry.NOWHERE;
    size--;
  }

  /**
   * The earliest tick at which some entry may become due: the start of the earliest non-empty
   * slot (exact at level 0, a lower bound above), {@code elapsed} if entries are already due, or
   * {@link #NONE}.
   */
  public long nextExpiration() {
    if (dueHead != null) {
      return elapsed;
    }
    long best = NONE;
    for (int level = 0; level < LEVELS; level++) {
      if (occupied[level] != 0) {
        long start = nextSlotStart(level);
        if (start < best) {
          best = start;
        }
      }
    }
    return best;
  }

  /**
   * Advances to {@code now} (moving everything due into the due list, rule 4) and hands out up
   * to {@code out.length} due entries, in deadline order. Returns how many; if it filled
   * {@code out}, more may be due: call again. Handed-out entries are no longer in the wheel.
   */
  public int poll(long now, TimerEntry[] out) {
    advance(now);
    int n = 0;
    while (n < out.length && dueHead != null) {
      TimerEntry e = dueHead;
      dueHead = e.next;
      if (dueHead == null) {
        dueTail = null;
      } else {
        dueHead.prev = null;
      }
      e.next = null;
      e.level = TimerEntry.NOWHERE;
      size--;
      out[n++] = e;
    }
    return n;
  }

  private void advance(long now) {
    while (now > elapsed) {
      int bestLevel = -1;
      long bestStart = NONE;
      for (int level = 0; level < LEVELS; level++) {
        if (occupied[level] != 0) {
          long start = nextSlotStart(level);
          if (start < bestStart) {
            bestStart = start;
            bestLevel = level;
          }
        }
      }
      if (bestLevel < 0 || bestStart > now) {
        elapsed = now;
        return;
      }
      elapsed = bestStart;
      int slot = (int) ((bestStart >>> (BITS * bestLevel)) & SLOT_MASK);
      TimerEntry list = slots[bestLevel][slot];
      slots[bestLevel][slot] = null;
      occupied[bestLevel] &= ~(1L << slot);
      while (list != null) {
        TimerEntry next = list.next;
        list.prev = list.next = null;
        list.level = TimerEntry.NOWHERE;
        place(list); // due now, or a lower level
        list = next;
      }
    }
  }

  /** Puts an unlinked entry where rules 2 and 6 say it belongs. */
  private void place(TimerEntry e) {
    long deadline = e.deadline;
    if (deadline <= elapsed) {
      e.level = TimerEntry.DUE;
      e.prev = dueTail;
      e.next = null;
      if (dueTail == null) {
        dueHead = e;
      } else {
        dueTail.next = e;
      }
      dueTail = e;
      return;
    }
    if (deadline - elapsed > MAX_DURATION) {
      deadline = elapsed + MAX_DURATION; // rule 5
      e.deadline = deadline;
    }
    int level = levelFor(elapsed, deadline);
    int slot = (int) ((deadline >>> (BITS * level)) & SLOT_MASK);
    TimerEntry head = slots[level][slot];
    e.next = head;
    e.prev = null;
    if (head != null) {
      head.prev = e;
    }
    slots[level][slot] = e;
    occupied[level] |= 1L << slot;
    e.level = (byte) level;
    e.slot = (byte) slot;
  }

  static int levelFor(long elapsed, long deadline) {
    long masked = (elapsed ^ deadline) | SLOT_MASK;
    if (masked >= MAX_DURATION) {
      masked = MAX_DURATION - 1;
    }
    int significant = 63 - Long.numberOfLeadingZeros(masked);
    return significant / BITS;
  }

  /** Start tick of the first occupied slot of {@code level} at or after elapsed's position. */
  private long nextSlotStart(int level) {
    int shift = BITS * level;
    long levelRange = 1L << (shift + BITS);
    int now = (int) ((elapsed >>> shift) & SLOT_MASK);
    long rotated = Long.rotateRight(occupied[level], now);
    int slot = (now + Long.numberOfTrailingZeros(rotated)) & (SLOTS - 1);
    long start = (elapsed & ~(levelRange - 1)) + ((long) slot << shift);
    if (start <= elapsed) {
      start += levelRange; // wrapped (only far, clamped deadlines at the top level)
    }
    return start;
  }
}
