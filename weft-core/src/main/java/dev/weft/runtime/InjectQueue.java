package dev.weft.runtime;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The global run queue for tasks woken or spawned from outside a worker, and for a worker's
 * overflow: an intrusive FIFO list through {@link RawTask#queueNext} under a lock (a task is in
 * one queue at a time, so the link field is free). {@link #size()} is readable without the lock.
 * Once closed (shutdown), pushes are refused, and each refused task is handed to
 * {@link RawTask#rejected()}, which cancels it if nothing else would (RawTask rule 7): a spawn
 * that raced {@code close()} must not leave a task that never finishes.
 */
final class InjectQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private RawTask<?> head;
  private RawTask<?> tail;
  private volatile int size;
  /**
   * Bumped under the lock by every removal: a batch pop walks its tasks before it takes the lock
   * and keeps that walk only if no removal happened meanwhile (appends leave the walked prefix
   * as it was).
   */
  private volatile long removals;
  private boolean closed;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Appends a task; false if the queue is closed. */
  boolean push(RawTask<?> task) {
    return pushBatch(task, task, 1);
  }

  /**
   * Appends {@code n} tasks linked from {@code first} to {@code last}; false if closed, after
   * handing each task to {@link RawTask#rejected()}.
   */
  boolean pushBatch(RawTask<?> first, RawTask<?> last, int n) {
    last.queueNext = null;
    lock.lock();
    try {
      if (!closed) {
        if (tail == null) {
          head = first;
        } else {
          tail.queueNext = first;
        }
        tail = last;
        size = size + n;
        return true;
      }
    } finally {
      lock.unlock();
    }
    for (RawTask<?> t = first; t != null; ) { // outside the lock: rejecting runs cancel()
      RawTask<?> next = t.queueNext;
      t.queueNext = null;
      t.rejected();
      t = next;
    }
    return false;
  }

  /**
   * For a task dump: passes on every queued task, under the lock (pushes and pops wait while the
   * list is walked, a few milliseconds per million tasks).
   */
  void forEach(java.util.function.Consumer<RawTask<?>> out) {
    lock.lock();
    try {
      for (RawTask<?> t = head; t != null; t = t.queueNext) {
        out.accept(t);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The oldest task, or null. */
  RawTask<?> pop() {
    if (size == 0) {
      return null;
    }
    lock.lock();
    try {
      return take();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes up to {@code max} tasks: returns the first, pushes the others to {@code dst} (whose
   * owner is the caller).
   */
  RawTask<?> popBatch(int max, LocalQueue dst) {
    if (size == 0) {
      return null;
    }
    // The walk to the batch's last task is a cache miss a task (another core queued them), and
    // under the lock it kept every pusher waiting, parked (a worker whose ring is at its largest
    // size overflows into this queue while the others pop from it). So it is done first,
    // outside the lock, and kept if no task left the queue meanwhile.
    long seen = removals;
    RawTask<?> walkedFirst = head;
    int walked = Math.min(max, size);
    RawTask<?> walkedLast = nth(walkedFirst, walked);
    RawTask<?> first;
    int n;
    lock.lock();
    try {
      RawTask<?> last;
      if (removals == seen && walked > 0 && walkedLast != null && head == walkedFirst) {
        n = walked; // the queue still starts with the walked tasks (and may have grown since)
        last = walkedLast;
      } else {
        n = Math.min(max, size);
        if (n == 0) {
          return null;
        }
        last = nth(head, n);
      }
      first = head;
      head = last.queueNext;
      if (head == null) {
        tail = null;
      }
      last.queueNext = null;
      size = size - n;
      removals = removals + 1;
    } finally {
      lock.unlock();
    }
    RawTask<?> rest = first.queueNext;
    first.queueNext = null;
    while (rest != null) {
      RawTask<?> next = rest.queueNext;
      rest.queueNext = null;
      dst.push(rest, this);
      rest = next;
    }
    return first;
  }

  /**
   * The {@code n}th task of the list starting at {@code from} (the first is the 1st), or null if
   * the list ends first: read without the lock, a link may be cut meanwhile.
   */
  private static RawTask<?> nth(RawTask<?> from, int n) {
    RawTask<?> t = from;
    for (int i = 1; i < n && t != null; i++) {
      t = t.queueNext;
    }
    return t;
  }

  private RawTask<?> take() {
    RawTask<?> t = head;
    if (t == null) {
      return null;
    }
    head = t.queueNext;
    if (head == null) {
      tail = null;
    }
    t.queueNext = null;
    size = size - 1;
    removals = removals + 1;
    return t;
  }

  /**
   * Refuses further pushes; what is queued stays, for {@link #pop} (the multi-thread runtime's
   * workers cancel it at shutdown, sharing the work).
   */
  void closeForPushes() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further pushes; returns what was queued (linked through queueNext). */
  RawTask<?> close() {
    lock.lock();
    try {
      closed = true;
      RawTask<?> all = head;
      head = tail = null;
      size = 0;
      removals = removals + 1;
      return all;
    } finally {
      lock.unlock();
    }
  }
}
