package dev.weft.runtime;

import dev.weft.internal.Padding;

/**
 * The field layout of {@link LocalQueue}: its owner's end ({@code tail}, written on every push)
 * and its shared end ({@code head}, moved by the owner's pops and by thieves' CAS) on cache
 * lines of their own. Java lays out a superclass's fields first, so the order of this hierarchy
 * is the order in memory: 128 bytes of padding, the tail side, 128 bytes, the head side.
 */
final class LocalQueueLayout {
  private LocalQueueLayout() {}

  /** The owner's end. */
  abstract static class TailSide extends Padding.Before {
    volatile long tail;
    /**
     * The owner's last look at {@code head} (owner only). Head only grows, so the room this
     * promises is never more than there is: a push reads the shared line only when the cached
     * room runs out.
     */
    long cachedHead;
    /** How far the owner's own pops and overflow moves advanced {@code head} (owner only). */
    long headMovedByOwner;
    /** How far thieves had advanced {@code head} at the owner's last clearing (owner only). */
    long headMovedByThievesCleared;
    /**
     * The ring as its owner sees it (owner only): the array {@code LocalQueue.buffer} publishes
     * to thieves, read here on the owner's line instead of the one thieves write.
     */
    RawTask<?>[] ownerBuffer;
  }

  /** 128 bytes between the two ends. */
  abstract static class Gap extends TailSide {
    long g00, g01, g02, g03, g04, g05, g06, g07, g08, g09, g10, g11, g12, g13, g14, g15;
  }
}
