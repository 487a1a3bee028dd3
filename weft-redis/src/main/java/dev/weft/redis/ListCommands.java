package dev.weft.redis;

import static dev.weft.redis.Command.BLOCKING;
import static dev.weft.redis.Command.FAST;
import static dev.weft.redis.Command.READONLY;
import static dev.weft.redis.Command.WRITE;

/** The list commands, including the blocking pops BLPOP and BRPOP. */
final class ListCommands {
  private ListCommands() {}

  static void register(CommandTable t) {
    t.add("lpush", -3, WRITE | FAST, 1, 1, 1, (s, a, o) -> push(s, a, o, true, false));
    t.add("rpush", -3, WRITE | FAST, 1, 1, 1, (s, a, o) -> push(s, a, o, false, false));
    t.add("lpushx", -3, WRITE | FAST, 1, 1, 1, (s, a, o) -> push(s, a, o, true, true));
    t.add("rpushx", -3, WRITE | FAST, 1, 1, 1, (s, a, o) -> push(s, a, o, false, true));
    t.add("lpop", -2, WRITE | FAST, 1, 1, 1, (s, a, o) -> pop(s, a, o, true));
    t.add("rpop", -2, WRITE | FAST, 1, 1, 1, (s, a, o) -> pop(s, a, o, false));
    t.add("llen", 2, READONLY | FAST, 1, 1, 1, ListCommands::llen);
    t.add("lrange", 4, READONLY, 1, 1, 1, ListCommands::lrange);
    t.add("lindex", 3, READONLY, 1, 1, 1, ListCommands::lindex);
    t.add("lset", 4, WRITE, 1, 1, 1, ListCommands::lset);
    t.add("lrem", 4, WRITE, 1, 1, 1, ListCommands::lrem);
    t.add("ltrim", 4, WRITE, 1, 1, 1, ListCommands::ltrim);
    t.add("linsert", 5, WRITE, 1, 1, 1, ListCommands::linsert);
    t.add("blpop", -3, WRITE | BLOCKING, 1, -2, 1, (s, a, o) -> bpop(s, a, o, true));
    t.add("brpop", -3, WRITE | BLOCKING, 1, -2, 1, (s, a, o) -> bpop(s, a, o, false));
  }

  static void push(Session s, byte[][] a, Reply out, boolean left, boolean onlyIfExists) {
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.lookup(a[1]);
    RedisList list;
    if (e == null) {
      if (onlyIfExists) {
        out.integer(0);
        return;
      }
      list = new RedisList();
    } else if (e.value instanceof RedisList l) {
      list = l;
    } else {
      throw new RedisError(Errors.WRONG_TYPE);
    }
    for (int i = 2; i < a.length; i++) {
      if (left) {
        list.pushLeft(a[i]);
      } else {
        list.pushRight(a[i]);
      }
    }
    out.integer(list.size()); // the length after the push, before blocked clients take any
    if (e == null) {
      ks.add(a[1], list); // serves blocked clients
    } else {
      ks.serveWaiters(a[1], e);
    }
  }

  static void pop(Session s, byte[][] a, Reply out, boolean left) {
    if (a.length > 3) {
      throw new RedisError(Errors.arity(left ? "lpop" : "rpop"));
    }
    boolean hasCount = a.length == 3;
    long count = 0;
    if (hasCount) {
      count = Bytes.toLong(a[2], Errors.POSITIVE);
      if (count < 0) {
        throw new RedisError(Errors.POSITIVE);
      }
    }
    Keyspace ks = s.keyspace();
    RedisList list = ks.list(a[1]);
    if (list == null) {
      if (hasCount) {
        out.nullArray();
      } else {
        out.nullBulk();
      }
      return;
    }
    if (hasCount && count == 0) {
      out.array(0);
      return;
    }
    if (!hasCount) {
      out.bulk(left ? list.popLeft() : list.popRight());
    } else {
      long n = Math.min(count, list.size());
      out.array(n);
      for (long i = 0; i < n; i++) {
        out.bulk(left ? list.popLeft() : list.popRight());
      }
    }
    if (list.size() == 0) {
      ks.delete(a[1]);
    }
  }

  static void llen(Session s, byte[][] a, Reply out) {
    RedisList l = s.keyspace().list(a[1]);
    out.integer(l == null ? 0 : l.size());
  }

  static void lrange(Session s, byte[][] a, Reply out) {
    long start = Bytes.toLong(a[2]);
    long end = Bytes.toLong(a[3]);
    RedisList l = s.keyspace().list(a[1]);
    if (l == null) {
      out.array(0);
      return;
    }
    long len = l.size();
    if (start < 0) {
      start += len;
    }
    if (end < 0) {
      end += len;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= len) {
      out.array(0);
      return;
    }
    if (end >= len) {
      end = len - 1;
    }
    out.array(end - start + 1);
    for (long i = start; i <= end; i++) {
      out.bulk(l.get((int) i));
    }
  }

  static void lindex(Session s, byte[][] a, Reply out) {
    // as Redis: the key (and its type) first, then the index
    RedisList l = s.keyspace().list(a[1]);
    if (l == null) {
      out.nullBulk();
      return;
    }
    long index = Bytes.toLong(a[2]);
    if (index < 0) {
      index += l.size();
    }
    out.bulk(index < 0 || index >= l.size() ? null : l.get((int) index));
  }

  static void lset(Session s, byte[][] a, Reply out) {
    // as Redis: the key (and its type) first, then the index
    RedisList l = s.keyspace().list(a[1]);
    if (l == null) {
      throw new RedisError(Errors.NO_SUCH_KEY);
    }
    long index = Bytes.toLong(a[2]);
    if (index < 0) {
      index += l.size();
    }
    if (index < 0 || index >= l.size()) {
      throw new RedisError(Errors.OUT_OF_RANGE);
    }
    l.set((int) index, a[3]);
    out.ok();
  }

  static void lrem(Session s, byte[][] a, Reply out) {
    long count = Bytes.toLong(a[2]);
    Keyspace ks = s.keyspace();
    RedisList l = ks.list(a[1]);
    if (l == null) {
      out.integer(0);
      return;
    }
    int removed = l.remove(a[3], count);
    if (l.size() == 0) {
      ks.delete(a[1]);
    }
    out.integer(removed);
  }

  static void ltrim(Session s, byte[][] a, Reply out) {
    long start = Bytes.toLong(a[2]);
    long end = Bytes.toLong(a[3]);
    Keyspace ks = s.keyspace();
    RedisList l = ks.list(a[1]);
    if (l == null) {
      out.ok();
      return;
    }
    long len = l.size();
    if (start < 0) {
      start += len;
    }
    if (end < 0) {
      end += len;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= len) {
      l.clear();
    } else {
      if (end >= len) {
        end = len - 1;
      }
      l.trim((int) start, (int) end);
    }
    if (l.size() == 0) {
      ks.delete(a[1]);
    }
    out.ok();
  }

  static void linsert(Session s, byte[][] a, Reply out) {
    boolean after;
    if (Bytes.equalsAscii(a[2], "after")) {
      after = true;
    } else if (Bytes.equalsAscii(a[2], "before")) {
      after = false;
    } else {
      throw new RedisError(Errors.SYNTAX);
    }
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.lookup(a[1]);
    if (e == null) {
      out.integer(0);
      return;
    }
    if (!(e.value instanceof RedisList l)) {
      throw new RedisError(Errors.WRONG_TYPE);
    }
    int i = l.indexOf(a[3]);
    if (i < 0) {
      out.integer(-1);
      return;
    }
    l.insert(after ? i + 1 : i, a[4]);
    out.integer(l.size());
  }

  /**
   * The timeout of a blocking command, in milliseconds from now (0: none), read as Redis reads
   * it: seconds as a long double, times 1000, rounded up, converted to a 64-bit integer (a value
   * outside its range, infinity included, converts to the most negative one, as on x86, and so
   * is "negative").
   */
  static long timeoutMillis(byte[] arg) {
    LongDouble seconds = LongDouble.parse(arg);
    if (seconds == null) {
      throw new RedisError(Errors.TIMEOUT_NOT_FLOAT);
    }
    long ms = seconds.timesCeilToLong(1000);
    if (ms < 0) {
      throw new RedisError(Errors.TIMEOUT_NEGATIVE);
    }
    if (ms > Long.MAX_VALUE - Keyspace.now()) {
      return 1; // Redis's deadline wraps round into the past: it times out at once
    }
    return ms;
  }

  static void bpop(Session s, byte[][] a, Reply out, boolean left) {
    long timeout = timeoutMillis(a[a.length - 1]);
    Keyspace ks = s.keyspace();
    for (int i = 1; i < a.length - 1; i++) {
      RedisList l = ks.list(a[i]);
      if (l != null && l.size() > 0) {
        out.array(2);
        out.bulk(a[i]);
        out.bulk(left ? l.popLeft() : l.popRight());
        if (l.size() == 0) {
          ks.delete(a[i]);
        }
        return;
      }
    }
    byte[][] keys = java.util.Arrays.copyOfRange(a, 1, a.length - 1);
    PopWaiter w = new PopWaiter(keys, left);
    for (byte[] k : keys) {
      ks.enqueueWaiter(k, w);
    }
    s.block(w, timeout == 0 ? 0 : Keyspace.now() + timeout);
  }
}
