package dev.weft.redis;

import dev.weft.future.Waker;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one database (db 0): its keys split over {@code 2^k} shards, each a {@link Dict} with its
 * own lock. A command locks the shards of the keys it names (in ascending shard order, so two
 * multi-key commands cannot deadlock), or every shard when it reads the whole keyspace (KEYS,
 * SCAN, DBSIZE, FLUSHALL, RANDOMKEY), and runs with them held; no command waits for anything
 * else while holding them. With one shard this is a single global lock. See the package
 * overview for how the shard count was chosen.
 *
 * <p>Every accessor below must be called with the owning shard locked.
 */
final class Keyspace {
  /** One lock, one table, and the clients blocked on keys of this shard. */
  static final class Shard {
    final ReentrantLock lock = new ReentrantLock();
    // Wakers of connections that found the lock taken and wait for it without holding their
    // worker (Keyspace#tryLockOrWait); every unlock wakes them all.
    private final ConcurrentLinkedQueue<Waker> lockWaiters = new ConcurrentLinkedQueue<>();
    final Dict dict = new Dict();
    final HashMap<Key, ArrayDeque<PopWaiter>> waiters = new HashMap<>();
    // keyspace_hits and keyspace_misses: plain fields, as the lock guards them (a shared
    // counter would move its cache line between workers on every lookup)
    long hits;
    long misses;
    private final int spins; // looks at a busy lock before waiting for its unlock (LOCK_SPINS)

    Shard(int spins) {
      this.spins = spins;
    }

    /** Unlocks, then wakes the connections waiting for this lock. */
    void unlock() {
      lock.unlock();
      // After the unlock: a waiter that registered before this look is woken, one that
      // registers after it finds the lock free on its second try (tryLockOrWait).
      if (!lockWaiters.isEmpty()) {
        for (Waker w; (w = lockWaiters.poll()) != null; ) {
          w.wake();
        }
      }
    }

    /** The lock, now, or false with {@code waker} registered to be woken at its next unlock. */
    boolean tryLockOrWait(Waker waker) {
      if (lock.tryLock()) {
        return true;
      }
      for (int i = 0; i < spins; i++) {
        Thread.onSpinWait();
        if (!lock.isLocked() && lock.tryLock()) {
          return true;
        }
      }
      lockWaiters.add(waker);
      return lock.tryLock(); // freed since the first try: take it (the waker fires for nothing)
    }
  }

  /**
   * How many times a busy shard is looked at again before the connection waits for its unlock.
   * A command holds a shard for a few hundred nanoseconds, so a holder running on the other
   * core is usually done within the spin, and the connection runs at once instead of paying a
   * wake-up and a trip through its worker's queue; a holder the kernel preempted costs the spin
   * (200 looks took 8-14 µs on the 2-core machine) and then the wait as before. Measured
   * with redis-benchmark at {@code -P 1} on the multi-thread runtime, five rounds alternated
   * with the same server without the spin, the machine quiet: LPUSH, LPOP and GET (the first
   * two all on one key) 76.6k, 75.2k and 73.6k requests a second against 65.4k, 66.0k and
   * 65.1k; a second such run, LPUSH and LPOP only, level (62.6k and 56.2k against 61.4k and
   * 54.2k). The system property {@code weft.redis.lockSpins} changes it, for measurements.
   */
  static final int LOCK_SPINS = Integer.getInteger("weft.redis.lockSpins", 200);

  final Shard[] shards;
  private final int shift;
  final LongAdder expiredKeys = new LongAdder();

  Keyspace(int shardCount) {
    if (Integer.bitCount(shardCount) != 1 || shardCount > 64) {
      throw new IllegalArgumentException("shards: a power of two up to 64, not " + shardCount);
    }
    shards = new Shard[shardCount];
    for (int i = 0; i < shardCount; i++) {
      shards[i] = new Shard(LOCK_SPINS);
    }
    shift = 32 - Integer.numberOfTrailingZeros(shardCount);
  }

  /**
   * Reads the bucket, the first entry, its key and its value for each of {@code keys[0..n)}
   * without locking anything, so that a batch's cache misses are taken side by side: each
   * pass's reads are independent of one another, and the lookups that follow find the lines
   * in the cache. Racy reads are harmless here: what is read is only summed. Returns that sum,
   * which the caller keeps so the reads are not optimised away. {@code scratch} holds at least
   * {@code n} entries.
   */
  int touch(byte[][] keys, int n, Object[] scratch) {
    int sum = 0;
    for (int i = 0; i < n; i++) {
      int h = Bytes.hash(keys[i]);
      scratch[i] = shardOfHash(h).dict.bucketHead(h);
    }
    for (int i = 0; i < n; i++) {
      if (scratch[i] instanceof Dict.Entry e) {
        sum += e.hash;
      }
    }
    for (int i = 0; i < n; i++) {
      if (scratch[i] instanceof Dict.Entry e) {
        sum += e.key.length;
        if (e.value instanceof byte[] v) {
          sum += v.length;
        }
        scratch[i] = null;
      }
    }
    return sum;
  }

  /** The shard index of a key (the hash's top bits: the tables use its low bits). */
  int shardIndex(byte[] key) {
    return shards.length == 1 ? 0 : shardOf(Bytes.hash(key));
  }

  private int shardOf(int hash) {
    return (hash * 0x9E3779B9) >>> shift;
  }

  Shard shard(byte[] key) {
    return shards[shardIndex(key)];
  }

  private Shard shardOfHash(int hash) {
    return shards.length == 1 ? shards[0] : shards[shardOf(hash)];
  }

  /** Locks the shards in {@code mask} in ascending order. */
  void lock(long mask) {
    for (long m = mask; m != 0; m &= m - 1) {
      shards[Long.numberOfTrailingZeros(m)].lock.lock();
    }
  }

  /**
   * Locks the shards in {@code mask} (in ascending order) if none is held by another thread;
   * otherwise locks none, registers {@code waker} with the first busy shard, and returns false:
   * the caller's task waits for that shard's next unlock and tries again. So a connection whose
   * command finds a shard busy holds no thread meanwhile: its worker serves its other
   * connections, even while the holder's thread is preempted (as it is, now and then, when the
   * cores are shared with the load client).
   */
  boolean tryLockOrWait(long mask, Waker waker) {
    for (long m = mask; m != 0; m &= m - 1) {
      if (!shards[Long.numberOfTrailingZeros(m)].tryLockOrWait(waker)) {
        unlock(mask & ~m); // the ones taken so far: the bits below this one
        return false;
      }
    }
    return true;
  }

  void unlock(long mask) {
    for (long m = mask; m != 0; m &= m - 1) {
      shards[Long.numberOfTrailingZeros(m)].unlock();
    }
  }

  long allShards() {
    return shards.length == 64 ? -1L : (1L << shards.length) - 1;
  }

  static long now() {
    return System.currentTimeMillis();
  }

  /* ---- Lookups, with lazy expiry ---- */

  /** The live entry of {@code key}, deleting it first if its time is up. */
  Dict.Entry lookup(byte[] key) {
    int h = Bytes.hash(key);
    return lookup(shardOfHash(h), key, h);
  }

  /** {@link #lookup(byte[])} with the key's {@link Bytes#hash} and its shard already found. */
  private Dict.Entry lookup(Shard s, byte[] key, int hash) {
    Dict.Entry e = s.dict.get(key, hash);
    if (e != null && e.expireAt >= 0 && e.expireAt <= now()) {
      s.dict.remove(key, hash);
      expiredKeys.increment();
      return null;
    }
    return e;
  }

  Object value(byte[] key) {
    Dict.Entry e = lookup(key);
    return e == null ? null : e.value;
  }

  /** The string at {@code key}, null if absent; WRONGTYPE if another type. */
  byte[] string(byte[] key) {
    int h = Bytes.hash(key);
    Shard s = shardOfHash(h);
    Dict.Entry e = lookup(s, key, h);
    if (e == null) {
      s.misses++;
      return null;
    }
    s.hits++;
    Object v = e.value;
    if (v instanceof byte[] b) {
      return b;
    }
    throw new RedisError(Errors.WRONG_TYPE);
  }

  RedisList list(byte[] key) {
    Object v = value(key);
    if (v == null || v instanceof RedisList) {
      return (RedisList) v;
    }
    throw new RedisError(Errors.WRONG_TYPE);
  }

  RedisHash hash(byte[] key) {
    Object v = value(key);
    if (v == null || v instanceof RedisHash) {
      return (RedisHash) v;
    }
    throw new RedisError(Errors.WRONG_TYPE);
  }

  /* ---- Writes ---- */

  /** Sets {@code key} to {@code value}, clearing its expiry (SET without KEEPTTL). */
  Dict.Entry put(byte[] key, Object value) {
    int h = Bytes.hash(key);
    Shard s = shardOfHash(h);
    Dict.Entry e = lookup(s, key, h);
    Dict d = s.dict;
    if (e == null) {
      e = d.add(key, h, value);
      if (value instanceof RedisList) {
        serveWaiters(key, e);
      }
      return e;
    }
    e.value = value;
    d.setExpire(e, -1);
    if (value instanceof RedisList) {
      serveWaiters(key, e);
    }
    return e;
  }

  /** Replaces the value of a live entry and keeps its expiry (KEEPTTL, SETRANGE, APPEND). */
  void replace(Dict.Entry e, Object value) {
    e.value = value;
  }

  /** Adds a key known to be absent (after a lookup that found nothing). */
  Dict.Entry add(byte[] key, Object value) {
    Dict.Entry e = shard(key).dict.add(key, value);
    if (value instanceof RedisList) {
      serveWaiters(key, e);
    }
    return e;
  }

  boolean delete(byte[] key) {
    int h = Bytes.hash(key);
    Shard s = shardOfHash(h);
    if (lookup(s, key, h) == null) {
      return false;
    }
    s.dict.remove(key, h);
    return true;
  }

  void setExpire(byte[] key, Dict.Entry e, long at) {
    shard(key).dict.setExpire(e, at);
  }

  /** Total keys (every shard locked). Expired keys not yet swept count, as in Redis. */
  long size() {
    long n = 0;
    for (Shard s : shards) {
      n += s.dict.size();
    }
    return n;
  }

  /** What INFO reports of the keyspace: one snapshot, taken with every shard locked. */
  record Counts(long keys, long expires, long hits, long misses) {}

  /** Locks every shard and reads the {@link Counts} (the caller holds no shard lock). */
  Counts counts() {
    long mask = allShards();
    lock(mask);
    try {
      long keys = 0;
      long expires = 0;
      long hits = 0;
      long misses = 0;
      for (Shard s : shards) {
        keys += s.dict.size();
        expires += s.dict.volatileCount();
        hits += s.hits;
        misses += s.misses;
      }
      return new Counts(keys, expires, hits, misses);
    } finally {
      unlock(mask);
    }
  }

  /** Empties every shard (all locked); blocked clients stay blocked, as in Redis. */
  void clear() {
    for (Shard s : shards) {
      s.dict.clear();
    }
  }

  /* ---- Blocking pops ---- */

  /** Queues {@code w} on {@code key} (its shard locked). */
  void enqueueWaiter(byte[] key, PopWaiter w) {
    shard(key).waiters.computeIfAbsent(new Key(key), k -> new ArrayDeque<>()).add(w);
  }

  /** Removes {@code w} from the queue of {@code key} (its shard locked). */
  void dequeueWaiter(byte[] key, PopWaiter w) {
    HashMap<Key, ArrayDeque<PopWaiter>> map = shard(key).waiters;
    Key k = new Key(key);
    ArrayDeque<PopWaiter> q = map.get(k);
    if (q != null) {
      q.remove(w);
      if (q.isEmpty()) {
        map.remove(k);
      }
    }
  }

  /**
   * After a push (or a list arriving at {@code key}): hands elements to the clients blocked on
   * the key, oldest first, while there are both; deletes the list if they emptied it.
   */
  void serveWaiters(byte[] key, Dict.Entry e) {
    Shard s = shard(key);
    if (s.waiters.isEmpty()) {
      return;
    }
    Key k = new Key(key);
    ArrayDeque<PopWaiter> q = s.waiters.get(k);
    if (q == null) {
      return;
    }
    RedisList list = (RedisList) e.value;
    Iterator<PopWaiter> it = q.iterator();
    while (it.hasNext() && list.size() > 0) {
      PopWaiter w = it.next();
      it.remove();
      if (!w.claim()) {
        continue; // it timed out or its client left; it no longer wants a value
      }
      w.serve(key, w.left ? list.popLeft() : list.popRight());
    }
    if (q.isEmpty()) {
      s.waiters.remove(k);
    }
    if (list.size() == 0) {
      s.dict.remove(key);
    }
  }
}
