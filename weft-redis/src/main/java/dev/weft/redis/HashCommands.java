package dev.weft.redis;

import static dev.weft.redis.Command.FAST;
import static dev.weft.redis.Command.READONLY;
import static dev.weft.redis.Command.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The hash commands. */
final class HashCommands {
  private HashCommands() {}

  static void register(CommandTable t) {
    t.add("hset", -4, WRITE | FAST, 1, 1, 1, (s, a, o) -> hset(s, a, o, false));
    t.add("hmset", -4, WRITE | FAST, 1, 1, 1, (s, a, o) -> hset(s, a, o, true));
    t.add("hsetnx", 4, WRITE | FAST, 1, 1, 1, HashCommands::hsetnx);
    t.add("hget", 3, READONLY | FAST, 1, 1, 1, HashCommands::hget);
    t.add("hmget", -3, READONLY | FAST, 1, 1, 1, HashCommands::hmget);
    t.add("hdel", -3, WRITE | FAST, 1, 1, 1, HashCommands::hdel);
    t.add("hexists", 3, READONLY | FAST, 1, 1, 1, HashCommands::hexists);
    t.add("hlen", 2, READONLY | FAST, 1, 1, 1, HashCommands::hlen);
    t.add("hstrlen", 3, READONLY | FAST, 1, 1, 1, HashCommands::hstrlen);
    t.add("hgetall", 2, READONLY, 1, 1, 1, (s, a, o) -> hgetall(s, a, o, true, true));
    t.add("hkeys", 2, READONLY, 1, 1, 1, (s, a, o) -> hgetall(s, a, o, true, false));
    t.add("hvals", 2, READONLY, 1, 1, 1, (s, a, o) -> hgetall(s, a, o, false, true));
    t.add("hincrby", 4, WRITE | FAST, 1, 1, 1, HashCommands::hincrby);
    t.add("hincrbyfloat", 4, WRITE | FAST, 1, 1, 1, HashCommands::hincrbyfloat);
  }

  private static RedisHash orCreate(Keyspace ks, byte[] key) {
    RedisHash h = ks.hash(key);
    if (h == null) {
      h = new RedisHash();
      ks.add(key, h);
    }
    return h;
  }

  static void hset(Session s, byte[][] a, Reply out, boolean hmset) {
    if (a.length % 2 != 0) {
      throw new RedisError(Errors.arity(hmset ? "hmset" : "hset"));
    }
    RedisHash h = orCreate(s.keyspace(), a[1]);
    long created = 0;
    for (int i = 2; i < a.length; i += 2) {
      if (h.fields.put(new Key(a[i]), a[i + 1]) == null) {
        created++;
      }
    }
    if (hmset) {
      out.ok();
    } else {
      out.integer(created);
    }
  }

  static void hsetnx(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    RedisHash h = ks.hash(a[1]);
    if (h != null && h.fields.containsKey(new Key(a[2]))) {
      out.integer(0);
      return;
    }
    orCreate(ks, a[1]).fields.put(new Key(a[2]), a[3]);
    out.integer(1);
  }

  static void hget(Session s, byte[][] a, Reply out) {
    RedisHash h = s.keyspace().hash(a[1]);
    out.bulk(h == null ? null : h.fields.get(new Key(a[2])));
  }

  static void hmget(Session s, byte[][] a, Reply out) {
    RedisHash h = s.keyspace().hash(a[1]);
    out.array(a.length - 2);
    for (int i = 2; i < a.length; i++) {
      out.bulk(h == null ? null : h.fields.get(new Key(a[i])));
    }
  }

  static void hdel(Session s, byte[][] a, Reply out) {
    Keyspace ks = s.keyspace();
    RedisHash h = ks.hash(a[1]);
    long n = 0;
    if (h != null) {
      for (int i = 2; i < a.length; i++) {
        if (h.fields.remove(new Key(a[i])) != null) {
          n++;
        }
      }
      if (h.fields.isEmpty()) {
        ks.delete(a[1]);
      }
    }
    out.integer(n);
  }

  static void hexists(Session s, byte[][] a, Reply out) {
    RedisHash h = s.keyspace().hash(a[1]);
    out.integer(h != null && h.fields.containsKey(new Key(a[2])) ? 1 : 0);
  }

  static void hlen(Session s, byte[][] a, Reply out) {
    RedisHash h = s.keyspace().hash(a[1]);
    out.integer(h == null ? 0 : h.fields.size());
  }

  static void hstrlen(Session s, byte[][] a, Reply out) {
    RedisHash h = s.keyspace().hash(a[1]);
    byte[] v = h == null ? null : h.fields.get(new Key(a[2]));
    out.integer(v == null ? 0 : v.length);
  }

  static void hgetall(Session s, byte[][] a, Reply out, boolean keys, boolean values) {
    RedisHash h = s.keyspace().hash(a[1]);
    if (h == null) {
      out.array(0);
      return;
    }
    out.array((long) h.fields.size() * ((keys ? 1 : 0) + (values ? 1 : 0)));
    for (Map.Entry<Key, byte[]> e : h.fields.entrySet()) {
      if (keys) {
        out.bulk(e.getKey().bytes);
      }
      if (values) {
        out.bulk(e.getValue());
      }
    }
  }

  static void hincrby(Session s, byte[][] a, Reply out) {
    long by = Bytes.toLong(a[3]);
    Keyspace ks = s.keyspace();
    RedisHash h = ks.hash(a[1]);
    Key f = new Key(a[2]);
    long cur = 0;
    if (h != null) {
      byte[] v = h.fields.get(f);
      if (v != null) {
        cur = Bytes.toLong(v, "ERR hash value is not an integer");
      }
    }
    long r = cur + by;
    if (((cur ^ r) & (by ^ r)) < 0) {
      throw new RedisError(Errors.OVERFLOW);
    }
    orCreate(ks, a[1]).fields.put(f, Bytes.ofLong(r));
    out.integer(r);
  }

  static void hincrbyfloat(Session s, byte[][] a, Reply out) {
    LongDouble by = StringCommands.parseLongDouble(a[3], Errors.NOT_FLOAT);
    if (by.isInfinite()) {
      throw new RedisError("ERR value is NaN or Infinity");
    }
    Keyspace ks = s.keyspace();
    RedisHash h = ks.hash(a[1]);
    Key f = new Key(a[2]);
    LongDouble cur = LongDouble.ZERO;
    if (h != null) {
      byte[] v = h.fields.get(f);
      if (v != null) {
        cur = StringCommands.parseLongDouble(v, "ERR hash value is not a float");
      }
    }
    LongDouble r = cur.add(by);
    if (r == null || r.isInfinite()) {
      throw new RedisError("ERR increment would produce NaN or Infinity");
    }
    byte[] v = r.toHumanString().getBytes(StandardCharsets.US_ASCII);
    orCreate(ks, a[1]).fields.put(f, v);
    out.bulk(v);
  }

}
