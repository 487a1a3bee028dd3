package dev.weft.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every task that has gone idle at least once and is not complete: what shutdown must find
 * when no queue holds a task (rule 7 of {@link RawTask}). Intrusive doubly-linked lists, sharded
 * by a counter so that workers rarely meet on one lock. Once closed, {@link #add} refuses.
 */
final class TaskRegistry {
  private static final class Shard {
    final ReentrantLock lock = new ReentrantLock();
    RawTask<?> head;
    long count;
  }

  private final Shard[] shards;
  private final int mask;
  private int nextShard; // racy round-robin: any spread will do
  private volatile boolean closed;

  TaskRegistry(int shards) {
    int n = Integer.highestOneBit(Math.max(1, shards - 1)) << 1;
    this.shards = new Shard[n];
    for (int i = 0; i < n; i++) {
      this.shards[i] = new Shard();
    }
    this.mask = n - 1;
  }

  /** Adds a task; false if the registry is closed (the runtime is shutting down). */
  boolean add(RawTask<?> task) {
    int i = nextShard++ & mask;
    task.registryShard = (short) i;
    Shard s = shards[i];
    s.lock.lock();
    try {
      if (closed) {
        return false;
      }
      task.registryNext = s.head;
      if (s.head != null) {
        s.head.registryPrev = task;
      }
      s.head = task;
      s.count++;
      return true;
    } finally {
      s.lock.unlock();
    }
  }

  void remove(RawTask<?> task) {
    Shard s = shards[task.registryShard];
    s.lock.lock();
    try {
      if (task.registryPrev == null && s.head != task) {
        return; // already taken out by shutdown
      }
      unlink(s, task);
    } finally {
      s.lock.unlock();
    }
  }

  long size() {
    long n = 0;
    for (Shard s : shards) {
      n += s.count;
    }
    return n;
  }

  /**
   * For a task dump: passes on every registered task, one shard at a time under its lock (a
   * task going idle for the first time, or completing, on that shard waits meanwhile).
   */
  void forEach(java.util.function.Consumer<RawTask<?>> out) {
    for (Shard s : shards) {
      s.lock.lock();
      try {
        for (RawTask<?> t = s.head; t != null; t = t.registryNext) {
          out.accept(t);
        }
      } finally {
        s.lock.unlock();
      }
    }
  }

  /** Refuses new tasks from now on. */
  void close() {
    closed = true;
  }

  /** Refuses new tasks and returns every registered one, unlinked. */
  List<RawTask<?>> closeAndTakeAll() {
    close();
    return take(null);
  }

  /** Unlinks and returns the registered tasks pinned to {@code home} (all of them if null). */
  List<RawTask<?>> take(Worker home) {
    return take(home, home == null);
  }

  /** Unlinks and returns the registered tasks pinned to no worker. */
  List<RawTask<?>> takeUnpinned() {
    return take(null, false);
  }

  private List<RawTask<?>> take(Worker home, boolean all) {
    List<RawTask<?>> taken = new ArrayList<>();
    for (Shard s : shards) {
      s.lock.lock();
      try {
        for (RawTask<?> t = s.head; t != null; ) {
          RawTask<?> next = t.registryNext;
          if (all || t.home == home) {
            unlink(s, t);
            taken.add(t);
          }
          t = next;
        }
      } finally {
        s.lock.unlock();
      }
    }
    return taken;
  }

  private static void unlink(Shard s, RawTask<?> task) {
    RawTask<?> prev = task.registryPrev;
    RawTask<?> next = task.registryNext;
    if (prev != null) {
      prev.registryNext = next;
    } else {
      s.head = next;
    }
    if (next != null) {
      next.registryPrev = prev;
    }
    task.registryPrev = task.registryNext = null;
    s.count--;
  }
}
