package dev.weft.redis;

import java.util.Arrays;

/**
 * A list value: a circular array of byte strings, so pushes and pops at both ends are O(1) and
 * LINDEX, LSET and LRANGE reach any element in O(1). An empty list is removed from the keyspace
 * by the command that emptied it.
 */
final class RedisList {
  private byte[][] items = new byte[8][];
  private int head;
  private int size;

  int size() {
    return size;
  }

  private int slot(int i) {
    return (head + i) & (items.length - 1);
  }

  private void grow() {
    if (size < items.length) {
      return;
    }
    byte[][] n = new byte[items.length * 2][];
    for (int i = 0; i < size; i++) {
      n[i] = items[slot(i)];
    }
    items = n;
    head = 0;
  }

  void pushLeft(byte[] v) {
    grow();
    head = (head - 1) & (items.length - 1);
    items[head] = v;
    size++;
  }

  void pushRight(byte[] v) {
    grow();
    items[slot(size)] = v;
    size++;
  }

  byte[] popLeft() {
    if (size == 0) {
      return null;
    }
    byte[] v = items[head];
    items[head] = null;
    head = (head + 1) & (items.length - 1);
    size--;
    shrink();
    return v;
  }

  byte[] popRight() {
    if (size == 0) {
      return null;
    }
    int s = slot(size - 1);
    byte[] v = items[s];
    items[s] = null;
    size--;
    shrink();
    return v;
  }

  private void shrink() {
    if (items.length > 64 && size < items.length / 4) {
      byte[][] n = new byte[items.length / 2][];
      for (int i = 0; i < size; i++) {
        n[i] = items[slot(i)];
      }
      items = n;
      head = 0;
    }
  }

  byte[] get(int i) {
    return items[slot(i)];
  }

  void set(int i, byte[] v) {
    items[slot(i)] = v;
  }

  /** Inserts {@code v} so that it becomes element {@code i} (0..size). */
  void insert(int i, byte[] v) {
    if (i == 0) {
      pushLeft(v);
      return;
    }
    if (i == size) {
      pushRight(v);
      return;
    }
    byte[][] n = new byte[Math.max(items.length, Integer.highestOneBit(size + 1) * 2)][];
    for (int k = 0; k < i; k++) {
      n[k] = items[slot(k)];
    }
    n[i] = v;
    for (int k = i; k < size; k++) {
      n[k + 1] = items[slot(k)];
    }
    items = n;
    head = 0;
    size++;
  }

  /** Keeps only the elements {@code [from, to]} (inclusive, already clamped). */
  void trim(int from, int to) {
    int n = to - from + 1;
    if (n <= 0) {
      clear();
      return;
    }
    byte[][] keep = new byte[Math.max(8, Integer.highestOneBit(n) * 2)][];
    for (int k = 0; k < n; k++) {
      keep[k] = items[slot(from + k)];
    }
    items = keep;
    head = 0;
    size = n;
  }

  /**
   * Removes up to {@code count} elements equal to {@code v} (count 0: all; negative: from the
   * tail), returning how many were removed.
   */
  int remove(byte[] v, long count) {
    boolean fromTail = count < 0;
    // -Long.MIN_VALUE overflows (Math.abs returns it unchanged, negative): count it as unbounded
    long limit = count == 0 || count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
    boolean[] drop = new boolean[size];
    int removed = 0;
    if (fromTail) {
      for (int k = size - 1; k >= 0 && removed < limit; k--) {
        if (Arrays.equals(items[slot(k)], v)) {
          drop[k] = true;
          removed++;
        }
      }
    } else {
      for (int k = 0; k < size && removed < limit; k++) {
        if (Arrays.equals(items[slot(k)], v)) {
          drop[k] = true;
          removed++;
        }
      }
    }
    if (removed == 0) {
      return 0;
    }
    byte[][] n = new byte[items.length][];
    int j = 0;
    for (int k = 0; k < size; k++) {
      if (!drop[k]) {
        n[j++] = items[slot(k)];
      }
    }
    items = n;
    head = 0;
    size = j;
    return removed;
  }

  int indexOf(byte[] v) {
    for (int k = 0; k < size; k++) {
      if (Arrays.equals(items[slot(k)], v)) {
        return k;
      }
    }
    return -1;
  }

  void clear() {
    items = new byte[8][];
    head = 0;
    size = 0;
  }
}
