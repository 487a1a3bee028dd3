package dev.weft.redis;

import static dev.weft.redis.Command.ALL_KEYS;
import static dev.weft.redis.Command.FAST;
import static dev.weft.redis.Command.READONLY;
import static dev.weft.redis.Command.WRITE;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The generic key commands: DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, expiry and the rest. */
final class KeyCommands {
  private KeyCommands() {}

  static void register(CommandTable t) {
    t.add("del", -2, WRITE, 1, -1, 1, KeyCommands::del);
    t.add("unlink", -2, WRITE | FAST, 1, -1, 1, KeyCommands::del);
    t.add("exists", -2, READONLY | FAST, 1, -1, 1, KeyCommands::exists);
    t.add("type", 2, READONLY | FAST, 1, 1, 1, KeyCommands::type);
    t.add("keys", 2, READONLY | ALL_KEYS, 0, 0, 0, KeyCommands::keys);
    t.add("scan", -2, READONLY | ALL_KEYS, 0, 0, 0, KeyCommands::scan);
    t.add("randomkey", 1, READONLY | ALL_KEYS, 0, 0, 0, KeyCommands::randomkey);
    t.add("rename", 3, WRITE, 1, 2, 1, (s, a, o) -> rename(s, a, o, false));
    t.add("renamenx", 3, WRITE | FAST, 1, 2, 1, (s, a, o) -> rename(s, a, o, true));
    t.add("expire", -3, WRITE | FAST, 1, 1, 1, (s, a, o) -> expire(s, a, o, false, true));
    t.add("pexpire", -3, WRITE | FAST, 1, 1, 1, (s, a, o) -> expire(s, a, o, false, false));
    t.add("expireat", -3, WRITE | FAST, 1, 1, 1, (s, a, o) -> expire(s, a, o, true, true));
    t.add("pexpireat", -3, WRITE | FAST, 1, 1, 1, (s, a, o) -> expire(s, a, o, true, false));
    t.add("ttl", 2, READONLY | FAST, 1, 1, 1, (s, a, o) -> ttl(s, a, o, false, false));
    t.add("pttl", 2, READONLY | FAST, 1, 1, 1, (s, a, o) -> ttl(s, a, o, true, false));
    t.add("expiretime", 2, READONLY | FAST, 1, 1, 1, (s, a, o) -> ttl(s, a, o, false, true));
    t.add("pexpiretime", 2, READONLY | FAST, 1, 1, 1, (s, a, o) -> ttl(s, a, o, true, true));
    t.add("persist", 2, WRITE | FAST, 1, 1, 1, KeyCommands::persist);
    t.add("touch", -2, READONLY | FAST, 1, -1, 1, KeyCommands::exists);
  }

  static void del(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    long n = 0;
    for (int i = 1; i < a.length; i++) {
      if (ks.delete(a[i])) {
        n++;
      }
    }
    out.integer(n);
  }

  static void exists(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    long n = 0;
    for (int i = 1; i < a.length; i++) {
      if (ks.lookup(a[i]) != null) {
        n++;
      }
    }
    out.integer(n);
  }

  static String typeName(Object v) {
    if (v == null) {
      return "none";
    }
    if (v instanceof byte[]) {
      return "string";
    }
    if (v instanceof RedisList) {
      return "list";
    }
    if (v instanceof RedisHash) {
      return "hash";
    }
    return "none";
  }

  static void type(Session s, byte[][] a, Reply out) {
    out.simple(typeName(s.keyspace().value(a[1])));
  }

  static void keys(Session s, byte[][] a, Reply out) {
    byte[] pattern = a[1];
    boolean all = pattern.length == 1 && pattern[0] == '*';
    long now = Keyspace.now();
    List<byte[]> found = new ArrayList<>();
    for (Keyspace.Shard sh : s.keyspace().shards) {
      sh.dict.forEach(e -> {
        if ((e.expireAt < 0 || e.expireAt > now) && (all || Glob.matches(pattern, e.key))) {
          found.add(e.key);
        }
      });
    }
    out.array(found.size());
    for (byte[] k : found) {
      out.bulk(k);
    }
  }

  static void scan(Session s, byte[][] a, Reply out) {
    long cursor = parseCursor(a[1]);
    long count = 10;
    byte[] pattern = null;
    String type = null;
    for (int i = 2; i < a.length; i++) {
      boolean more = i + 1 < a.length;
      if (Bytes.equalsAscii(a[i], "count") && more) {
        count = Bytes.toLong(a[++i]);
        if (count < 1) {
          throw new RedisError(Errors.SYNTAX);
        }
      } else if (Bytes.equalsAscii(a[i], "match") && more) {
        pattern = a[++i];
        if (pattern.length == 1 && pattern[0] == '*') {
          pattern = null;
        }
      } else if (Bytes.equalsAscii(a[i], "type") && more) {
        type = Bytes.lower(a[++i]);
      } else {
        throw new RedisError(Errors.SYNTAX);
      }
    }
    Keyspace ks = s.keyspace();
    int shardBits = Integer.numberOfTrailingZeros(ks.shards.length);
    int shard = (int) (cursor & (ks.shards.length - 1));
    long inner = cursor >>> shardBits;
    List<byte[]> found = new ArrayList<>();
    long now = Keyspace.now();
    long budget = count * 10; // buckets, like Redis's maxiterations
    final byte[] p = pattern;
    final String ty = type;
    List<byte[]> expired = new ArrayList<>();
    do {
      Dict d = ks.shards[shard].dict;
      if (d.size() > 0) {
        inner = d.scan(inner, e -> {
          if (e.expireAt >= 0 && e.expireAt <= now) {
            expired.add(e.key);
            return;
          }
          if ((p == null || Glob.matches(p, e.key))
              && (ty == null || ty.equals(typeName(e.value)))) {
            found.add(e.key);
          }
        });
      } else {
        inner = 0;
      }
      if (inner == 0) {
        shard++;
        if (shard == ks.shards.length) {
          break;
        }
      }
    } while (--budget > 0 && found.size() < count);
    for (byte[] k : expired) {
      ks.lookup(k); // expires it
    }
    long next = shard == ks.shards.length ? 0 : (inner << shardBits) | shard;
    out.array(2);
    out.bulk(Bytes.of(Long.toUnsignedString(next)));
    out.array(found.size());
    for (byte[] k : found) {
      out.bulk(k);
    }
  }

  /**
   * A cursor as Redis reads one (strtoul, base 10): no leading blank, an optional sign ('-'
   * negates modulo 2^64), digits up to 2^64-1; the empty string is cursor 0.
   */
  private static long parseCursor(byte[] b) {
    if (b.length == 0) {
      return 0;
    }
    int i = b[0] == '+' || b[0] == '-' ? 1 : 0;
    boolean ok = i < b.length;
    for (int j = i; j < b.length; j++) {
      ok &= b[j] >= '0' && b[j] <= '9';
    }
    try {
      if (!ok) {
        throw new NumberFormatException();
      }
      long v = Long.parseUnsignedLong(new String(b, i, b.length - i,
          java.nio.charset.StandardCharsets.US_ASCII));
      return b[0] == '-' ? -v : v;
    } catch (NumberFormatException e) {
      throw new RedisError("ERR invalid cursor");
    }
  }

  static void randomkey(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    for (int tries = 0; tries < 100; tries++) {
      long total = ks.size();
      if (total == 0) {
        break;
      }
      long pick = ThreadLocalRandom.current().nextLong(total);
      for (Keyspace.Shard sh : ks.shards) {
        if (pick < sh.dict.size()) {
          Dict.Entry e = sh.dict.randomEntry();
          if (ks.lookup(e.key) != null) {
            out.bulk(e.key);
            return;
          }
          break;
        }
        pick -= sh.dict.size();
      }
    }
    out.nullBulk();
  }

  static void rename(Session s, byte[][] a, Reply out, boolean nx) {
    Keyspace ks = s.keyspace();
    Dict.Entry src = ks.lookup(a[1]);
    if (src == null) {
      throw new RedisError(Errors.NO_SUCH_KEY);
    }
    if (java.util.Arrays.equals(a[1], a[2])) {
      if (nx) {
        out.integer(0);
      } else {
        out.ok();
      }
      return;
    }
    if (nx && ks.lookup(a[2]) != null) {
      out.integer(0);
      return;
    }
    Object value = src.value;
    long expireAt = src.expireAt;
    ks.delete(a[1]);
    ks.delete(a[2]);
    Dict.Entry dst = ks.add(a[2], value);
    if (expireAt >= 0 && ks.lookup(a[2]) == dst) {
      ks.setExpire(a[2], dst, expireAt);
    }
    if (nx) {
      out.integer(1);
    } else {
      out.ok();
    }
  }

  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GT = 4;
  private static final int LT = 8;

  static void expire(Session s, byte[][] a, Reply out, boolean absolute, boolean seconds) {
    String name = Bytes.lower(a[0]);
    int flags = 0;
    for (int i = 3; i < a.length; i++) {
      if (Bytes.equalsAscii(a[i], "nx")) {
        flags |= NX;
      } else if (Bytes.equalsAscii(a[i], "xx")) {
        flags |= XX;
      } else if (Bytes.equalsAscii(a[i], "gt")) {
        flags |= GT;
      } else if (Bytes.equalsAscii(a[i], "lt")) {
        flags |= LT;
      } else {
        throw new RedisError("ERR Unsupported option " + Bytes.latin1(a[i]));
      }
    }
    if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
      throw new RedisError("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if ((flags & GT) != 0 && (flags & LT) != 0) {
      throw new RedisError("ERR GT and LT options at the same time are not compatible");
    }
    long when = Bytes.toLong(a[2]); // after the options, as Redis parses them
    if (seconds) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw new RedisError(Errors.invalidExpire(name));
      }
      when *= 1000;
    }
    if (!absolute) {
      long base = Keyspace.now();
      if (when > Long.MAX_VALUE - base) {
        throw new RedisError(Errors.invalidExpire(name));
      }
      when += base;
    }
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.lookup(a[1]);
    if (e == null) {
      out.integer(0);
      return;
    }
    long current = e.expireAt;
    if (flags != 0) {
      if ((flags & NX) != 0 && current >= 0) {
        out.integer(0);
        return;
      }
      if ((flags & XX) != 0 && current < 0) {
        out.integer(0);
        return;
      }
      if ((flags & GT) != 0 && (current < 0 || when <= current)) {
        out.integer(0);
        return;
      }
      if ((flags & LT) != 0 && current >= 0 && when >= current) {
        out.integer(0);
        return;
      }
    }
    if (when <= Keyspace.now()) {
      ks.delete(a[1]);
    } else {
      ks.setExpire(a[1], e, when);
    }
    out.integer(1);
  }

  static void ttl(Session s, byte[][] a, Reply out, boolean millis, boolean absolute) {
    Dict.Entry e = s.keyspace().lookup(a[1]);
    if (e == null) {
      out.integer(-2);
      return;
    }
    if (e.expireAt < 0) {
      out.integer(-1);
      return;
    }
    long t = absolute ? e.expireAt : Math.max(0, e.expireAt - Keyspace.now());
    out.integer(millis ? t : (t + 500) / 1000);
  }

  static void persist(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.lookup(a[1]);
    if (e == null || e.expireAt < 0) {
      out.integer(0);
      return;
    }
    ks.setExpire(a[1], e, -1);
    out.integer(1);
  }
}
