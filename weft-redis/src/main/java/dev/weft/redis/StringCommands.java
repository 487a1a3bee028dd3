package dev.weft.redis;

import static dev.weft.redis.Command.FAST;
import static dev.weft.redis.Command.READONLY;
import static dev.weft.redis.Command.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** GET, SET and the rest of the string commands, with Redis 7's replies and errors. */
final class StringCommands {
  private StringCommands() {}

  static void register(CommandTable t) {
    t.add("get", 2, READONLY | FAST, 1, 1, 1, StringCommands::get);
    t.add("set", -3, WRITE, 1, 1, 1, StringCommands::set);
    t.add("setnx", 3, WRITE | FAST, 1, 1, 1, StringCommands::setnx);
    t.add("setex", 4, WRITE, 1, 1, 1, (s, a, o) -> setex(s, a, o, true, "setex"));
    t.add("psetex", 4, WRITE, 1, 1, 1, (s, a, o) -> setex(s, a, o, false, "psetex"));
    t.add("getset", 3, WRITE | FAST, 1, 1, 1, StringCommands::getset);
    t.add("getdel", 2, WRITE | FAST, 1, 1, 1, StringCommands::getdel);
    t.add("getex", -2, WRITE | FAST, 1, 1, 1, StringCommands::getex);
    t.add("mget", -2, READONLY | FAST, 1, -1, 1, StringCommands::mget);
    t.add("mset", -3, WRITE, 1, -1, 2, StringCommands::mset);
    t.add("msetnx", -3, WRITE, 1, -1, 2, StringCommands::msetnx);
    t.add("append", 3, WRITE | FAST, 1, 1, 1, StringCommands::append);
    t.add("strlen", 2, READONLY | FAST, 1, 1, 1, StringCommands::strlen);
    t.add("getrange", 4, READONLY, 1, 1, 1, StringCommands::getrange);
    t.add("substr", 4, READONLY, 1, 1, 1, StringCommands::getrange);
    t.add("setrange", 4, WRITE, 1, 1, 1, StringCommands::setrange);
    t.add("incr", 2, WRITE | FAST, 1, 1, 1, (s, a, o) -> incrBy(s, a[1], 1, o));
    t.add("decr", 2, WRITE | FAST, 1, 1, 1, (s, a, o) -> incrBy(s, a[1], -1, o));
    t.add("incrby", 3, WRITE | FAST, 1, 1, 1,
        (s, a, o) -> incrBy(s, a[1], Bytes.toLong(a[2]), o));
    t.add("decrby", 3, WRITE | FAST, 1, 1, 1, StringCommands::decrby);
    t.add("incrbyfloat", 3, WRITE | FAST, 1, 1, 1, StringCommands::incrbyfloat);
  }

  static void get(Session s, byte[][] a, Reply out) {
    out.bulk(s.keyspace().string(a[1]));
  }

  /* ---- SET and its options ---- */

  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GET = 4;
  private static final int KEEPTTL = 8;
  private static final int PERSIST = 16;
  private static final int EX = 32;
  private static final int PX = 64;
  private static final int EXAT = 128;
  private static final int PXAT = 256;
  private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

  /** SET's or GETEX's options: the flags, and the expiry argument (null: none). */
  private record Options(int flags, byte[] expire) {}

  private static Options parseOptions(byte[][] a, int from, boolean isSet) {
    int flags = 0;
    byte[] expire = null;
    for (int i = from; i < a.length; i++) {
      byte[] opt = a[i];
      boolean hasNext = i + 1 < a.length;
      if (isSet && Bytes.equalsAscii(opt, "nx") && (flags & XX) == 0) {
        flags |= NX;
      } else if (isSet && Bytes.equalsAscii(opt, "xx") && (flags & NX) == 0) {
        flags |= XX;
      } else if (isSet && Bytes.equalsAscii(opt, "get")) {
        flags |= GET;
      } else if (isSet && Bytes.equalsAscii(opt, "keepttl")
          && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
        flags |= KEEPTTL;
      } else if (!isSet && Bytes.equalsAscii(opt, "persist")
          && (flags & (KEEPTTL | ANY_EXPIRE)) == 0) {
        flags |= PERSIST;
      } else if (hasNext && expireFlag(opt) != 0 && (flags & (KEEPTTL | PERSIST)) == 0
          && (flags & ANY_EXPIRE & ~expireFlag(opt)) == 0) { // Redis: "EX 1 EX 2" is EX 2
        flags &= ~ANY_EXPIRE;
        flags |= expireFlag(opt);
        expire = a[++i];
      } else {
        throw new RedisError(Errors.SYNTAX);
      }
    }
    return new Options(flags, expire);
  }

  /**
   * The expiry of parsed options as epoch millis (-1: none), or the error for a bad time; SET
   * checks it before looking at the key, GETEX after (as Redis 7.0 does).
   */
  private static long expireAt(Options o, String command) {
    int flags = o.flags;
    long at = -1;
    if (o.expire != null) {
      long v = Bytes.toLong(o.expire);
      boolean seconds = (flags & (EX | EXAT)) != 0;
      if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
        throw new RedisError(Errors.invalidExpire(command));
      }
      if (seconds) {
        v *= 1000;
      }
      if ((flags & (EX | PX)) != 0) {
        v += Keyspace.now();
      }
      if (v <= 0) {
        throw new RedisError(Errors.invalidExpire(command));
      }
      at = v;
    }
    return at;
  }

  private static int expireFlag(byte[] opt) {
    if (Bytes.equalsAscii(opt, "ex")) {
      return EX;
    }
    if (Bytes.equalsAscii(opt, "px")) {
      return PX;
    }
    if (Bytes.equalsAscii(opt, "exat")) {
      return EXAT;
    }
    if (Bytes.equalsAscii(opt, "pxat")) {
      return PXAT;
    }
    return 0;
  }

  static void set(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    if (a.length == 3) { // the common case, without options
      ks.put(a[1], a[2]);
      out.ok();
      return;
    }
    Options o = parseOptions(a, 3, true);
    long expireAt = expireAt(o, "set");
    Dict.Entry e = ks.lookup(a[1]);
    byte[] old = null;
    if ((o.flags & GET) != 0 && e != null) {
      if (!(e.value instanceof byte[] b)) {
        throw new RedisError(Errors.WRONG_TYPE);
      }
      old = b;
    }
    boolean found = e != null;
    if (((o.flags & NX) != 0 && found) || ((o.flags & XX) != 0 && !found)) {
      out.bulk(old);
      return;
    }
    if ((o.flags & KEEPTTL) != 0 && e != null) {
      ks.replace(e, a[2]);
    } else {
      e = ks.put(a[1], a[2]);
    }
    if (expireAt >= 0) {
      ks.setExpire(a[1], e, expireAt);
    }
    if ((o.flags & GET) != 0) {
      out.bulk(old);
    } else {
      out.ok();
    }
  }

  static void setnx(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    if (ks.lookup(a[1]) != null) {
      out.integer(0);
      return;
    }
    ks.add(a[1], a[2]);
    out.integer(1);
  }

  static void setex(Session s, byte[][] a, Reply out, boolean seconds, String name) {
    long v = Bytes.toLong(a[2]);
    if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
      throw new RedisError(Errors.invalidExpire(name));
    }
    long at = (seconds ? v * 1000 : v) + Keyspace.now();
    if (at <= 0) {
      throw new RedisError(Errors.invalidExpire(name));
    }
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.put(a[1], a[3]);
    ks.setExpire(a[1], e, at);
    out.ok();
  }

  static void getset(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    byte[] old = ks.string(a[1]);
    ks.put(a[1], a[2]);
    out.bulk(old);
  }

  static void getdel(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    byte[] old = ks.string(a[1]);
    if (old != null) {
      ks.delete(a[1]);
    }
    out.bulk(old);
  }

  static void getex(Session s, byte[][] a, Reply out) {
    Options o = parseOptions(a, 2, false);
    Keyspace ks = s.keyspace();
    byte[] v = ks.string(a[1]);
    if (v == null) {
      out.nullBulk();
      return;
    }
    long expireAt = expireAt(o, "getex"); // after the key's lookup and type check, as Redis
    Dict.Entry e = ks.lookup(a[1]);
    if (expireAt >= 0) {
      if (expireAt <= Keyspace.now()) {
        ks.delete(a[1]);
      } else {
        ks.setExpire(a[1], e, expireAt);
      }
    } else if ((o.flags & PERSIST) != 0) {
      ks.setExpire(a[1], e, -1);
    }
    out.bulk(v);
  }

  static void mget(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    out.array(a.length - 1);
    for (int i = 1; i < a.length; i++) {
      Object v = ks.value(a[i]);
      out.bulk(v instanceof byte[] b ? b : null);
    }
  }

  static void mset(Session s, byte[][] a, Reply out) {
    if (a.length % 2 == 0) {
      throw new RedisError(Errors.arity("mset"));
    }
    Keyspace ks = s.keyspace();
    for (int i = 1; i < a.length; i += 2) {
      ks.put(a[i], a[i + 1]);
    }
    out.ok();
  }

  static void msetnx(Session s, byte[][] a, Reply out) {
    if (a.length % 2 == 0) {
      throw new RedisError(Errors.arity("msetnx"));
    }
    Keyspace ks = s.keyspace();
    for (int i = 1; i < a.length; i += 2) {
      if (ks.lookup(a[i]) != null) {
        out.integer(0);
        return;
      }
    }
    for (int i = 1; i < a.length; i += 2) {
      ks.put(a[i], a[i + 1]);
    }
    out.integer(1);
  }

  static void checkLength(long size) {
    if (size > 512L * 1024 * 1024) {
      throw new RedisError(Errors.MAX_STRING);
    }
  }

  /** {@code offset + length} within the limit, without overflowing on a huge offset. */
  static void checkLength(long offset, long length) {
    if (offset > 512L * 1024 * 1024 - length) {
      throw new RedisError(Errors.MAX_STRING);
    }
  }

  static void append(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.lookup(a[1]);
    if (e == null) {
      ks.add(a[1], a[2]);
      out.integer(a[2].length);
      return;
    }
    if (!(e.value instanceof byte[] old)) {
      throw new RedisError(Errors.WRONG_TYPE);
    }
    checkLength((long) old.length + a[2].length);
    byte[] v = Bytes.concat(old, a[2]);
    ks.replace(e, v);
    out.integer(v.length);
  }

  static void strlen(Session s, byte[][] a, Reply out) {
    byte[] v = s.keyspace().string(a[1]);
    out.integer(v == null ? 0 : v.length);
  }

  static void getrange(Session s, byte[][] a, Reply out) {
    long start = Bytes.toLong(a[2]);
    long end = Bytes.toLong(a[3]);
    byte[] v = s.keyspace().string(a[1]);
    if (v == null) {
      out.bulk(Bytes.EMPTY);
      return;
    }
    long len = v.length;
    if (start < 0 && end < 0 && start > end) {
      out.bulk(Bytes.EMPTY);
      return;
    }
    if (start < 0) {
      start += len;
    }
    if (end < 0) {
      end += len;
    }
    start = Math.max(start, 0);
    end = Math.max(end, 0);
    if (end >= len) {
      end = len - 1;
    }
    if (start > end || len == 0) {
      out.bulk(Bytes.EMPTY);
    } else {
      out.bulk(v, (int) start, (int) (end - start + 1));
    }
  }

  static void setrange(Session s, byte[][] a, Reply out) {
    long offset = Bytes.toLong(a[2]);
    if (offset < 0) {
      throw new RedisError("ERR offset is out of range");
    }
    byte[] val = a[3];
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.lookup(a[1]);
    if (e == null) {
      if (val.length == 0) {
        out.integer(0);
        return;
      }
      checkLength(offset, val.length);
      byte[] v = new byte[(int) (offset + val.length)];
      System.arraycopy(val, 0, v, (int) offset, val.length);
      ks.add(a[1], v);
      out.integer(v.length);
      return;
    }
    if (!(e.value instanceof byte[] old)) {
      throw new RedisError(Errors.WRONG_TYPE);
    }
    if (val.length == 0) {
      out.integer(old.length);
      return;
    }
    checkLength(offset, val.length);
    byte[] v = old.length >= offset + val.length ? old.clone()
        : Arrays.copyOf(old, (int) (offset + val.length));
    System.arraycopy(val, 0, v, (int) offset, val.length);
    ks.replace(e, v);
    out.integer(v.length);
  }

  static void decrby(Session s, byte[][] a, Reply out) {
    long by = Bytes.toLong(a[2]);
    if (by == Long.MIN_VALUE) {
      throw new RedisError("ERR decrement would overflow");
    }
    incrBy(s, a[1], -by, out);
  }

  static void incrBy(Session s, byte[] key, long by, Reply out) {
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.lookup(key);
    long cur = 0;
    if (e != null) {
      if (!(e.value instanceof byte[] b)) {
        throw new RedisError(Errors.WRONG_TYPE);
      }
      cur = Bytes.toLong(b);
    }
    long r = cur + by;
    if (((cur ^ r) & (by ^ r)) < 0) {
      throw new RedisError(Errors.OVERFLOW);
    }
    if (e == null) {
      ks.add(key, Bytes.ofLong(r));
    } else {
      ks.replace(e, Bytes.ofLong(r));
    }
    out.integer(r);
  }

  static void incrbyfloat(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    Dict.Entry e = ks.lookup(a[1]);
    LongDouble cur = LongDouble.ZERO;
    if (e != null) {
      if (!(e.value instanceof byte[] b)) {
        throw new RedisError(Errors.WRONG_TYPE);
      }
      cur = parseLongDouble(b, Errors.NOT_FLOAT);
    }
    LongDouble r = cur.add(parseLongDouble(a[2], Errors.NOT_FLOAT));
    if (r == null || r.isInfinite()) {
      throw new RedisError("ERR increment would produce NaN or Infinity");
    }
    byte[] v = r.toHumanString().getBytes(StandardCharsets.US_ASCII);
    if (e == null) {
      ks.add(a[1], v);
    } else {
      ks.replace(e, v);
    }
    out.bulk(v);
  }

  /** A long double as Redis reads one (string2ld), or the error. */
  static LongDouble parseLongDouble(byte[] b, String error) {
    LongDouble v = LongDouble.parse(b);
    if (v == null) {
      throw new RedisError(error);
    }
    return v;
  }

}
