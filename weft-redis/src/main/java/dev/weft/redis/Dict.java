package dev.weft.redis;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A keyspace table: chained hashing on byte-string keys, with what Redis's dict gives and
 * {@code java.util.HashMap} does not:
 *
 * <ul>
 *   <li>{@link #scan}: Redis's reverse-binary cursor, so SCAN returns every key present for the
 *       whole iteration even when the table grows or shrinks between calls;
 *   <li>{@link #randomEntry} for RANDOMKEY, and a dense array of the keys that have a time to
 *       live ({@link #randomVolatile}) for the active expiry sweep's sampling;
 *   <li>the expiry time on the entry itself, so a lookup finds both at once.
 * </ul>
 *
 * <p>Not thread-safe: the keyspace shard that owns it is locked around every use.
 */
final class Dict {
  /** A key, its value and its expiry (epoch milliseconds, or -1 for none). */
  static final class Entry {
    final byte[] key;
    final int hash;
    Object value;
    long expireAt = -1;
    Entry next;
    int volatileIndex = -1; // position in the volatile array while expireAt >= 0

    Entry(byte[] key, int hash, Object value) {
      this.key = key;
      this.hash = hash;
      this.value = value;
    }
  }

  private static final int MIN = 16;
  private Entry[] table = new Entry[MIN];
  private int size;
  private Entry[] volatiles = new Entry[16];
  private int volatileCount;

  int size() {
    return size;
  }

  int volatileCount() {
    return volatileCount;
  }

  Entry get(byte[] key) {
    return get(key, Bytes.hash(key));
  }

  /** {@link #get(byte[])} with the key's {@link Bytes#hash} already computed. */
  Entry get(byte[] key, int h) {
    for (Entry e = table[h & (table.length - 1)]; e != null; e = e.next) {
      if (e.hash == h && Arrays.equals(e.key, key)) {
        return e;
      }
    }
    return null;
  }

  /**
   * The first entry of the bucket of hash {@code h}, read without the owner's lock by
   * {@link Keyspace#touch}: a racy read gives an entry of this table or of an older one, or
   * null, and its caller only reads it.
   */
  Entry bucketHead(int h) {
    Entry[] t = table;
    return t[h & (t.length - 1)];
  }

  /** Adds a key that is not present (the caller looked it up first). */
  Entry add(byte[] key, Object value) {
    return add(key, Bytes.hash(key), value);
  }

  Entry add(byte[] key, int h, Object value) {
    Entry e = new Entry(key, h, value);
    int i = h & (table.length - 1);
    e.next = table[i];
    table[i] = e;
    if (++size > table.length) {
      resize(table.length * 2);
    }
    return e;
  }

  Entry remove(byte[] key) {
    return remove(key, Bytes.hash(key));
  }

  Entry remove(byte[] key, int h) {
    int i = h & (table.length - 1);
    Entry prev = null;
    for (Entry e = table[i]; e != null; prev = e, e = e.next) {
      if (e.hash == h && Arrays.equals(e.key, key)) {
        if (prev == null) {
          table[i] = e.next;
        } else {
          prev.next = e.next;
        }
        e.next = null;
        size--;
        setExpire(e, -1);
        if (table.length > MIN && size < table.length / 8) {
          resize(Math.max(MIN, Integer.highestOneBit(Math.max(size, 1)) * 2));
        }
        return e;
      }
    }
    return null;
  }

  /** Sets or clears ({@code at < 0}) the expiry of an entry of this table. */
  void setExpire(Entry e, long at) {
    if (at >= 0 && e.volatileIndex < 0) {
      if (volatileCount == volatiles.length) {
        volatiles = Arrays.copyOf(volatiles, volatiles.length * 2);
      }
      e.volatileIndex = volatileCount;
      volatiles[volatileCount++] = e;
    } else if (at < 0 && e.volatileIndex >= 0) {
      Entry last = volatiles[--volatileCount];
      volatiles[e.volatileIndex] = last;
      last.volatileIndex = e.volatileIndex;
      volatiles[volatileCount] = null;
      e.volatileIndex = -1;
    }
    e.expireAt = at;
  }

  void clear() {
    table = new Entry[MIN];
    size = 0;
    volatiles = new Entry[16];
    volatileCount = 0;
  }

  private void resize(int capacity) {
    Entry[] old = table;
    Entry[] t = new Entry[capacity];
    int mask = capacity - 1;
    for (Entry head : old) {
      Entry e = head;
      while (e != null) {
        Entry next = e.next;
        int i = e.hash & mask;
        e.next = t[i];
        t[i] = e;
        e = next;
      }
    }
    table = t;
  }

  /** A random entry, or null when empty. */
  Entry randomEntry() {
    if (size == 0) {
      return null;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (;;) {
      Entry e = table[r.nextInt(table.length)];
      if (e == null) {
        continue;
      }
      int n = 0;
      for (Entry x = e; x != null; x = x.next) {
        n++;
      }
      int pick = r.nextInt(n);
      while (pick-- > 0) {
        e = e.next;
      }
      return e;
    }
  }

  /** A random entry among those with an expiry, or null when there is none. */
  Entry randomVolatile() {
    return volatileCount == 0
        ? null
        : volatiles[ThreadLocalRandom.current().nextInt(volatileCount)];
  }

  /** Every entry, in table order. The action must not add or remove keys. */
  void forEach(Consumer<Entry> action) {
    for (Entry head : table) {
      for (Entry e = head; e != null; e = e.next) {
        action.accept(e);
      }
    }
  }

  /**
   * Visits the bucket {@code cursor} names and returns the next cursor (0: done). The cursor
   * counts with its bits reversed, so buckets split by a growth or merged by a shrink between
   * two calls are never skipped.
   */
  long scan(long cursor, Consumer<Entry> action) {
    long mask = table.length - 1;
    for (Entry e = table[(int) (cursor & mask)]; e != null; e = e.next) {
      action.accept(e);
    }
    long v = cursor | ~mask;
    v = Long.reverse(v);
    v++;
    v = Long.reverse(v);
    return v; // the carry cleared every bit above the mask
  }
}
