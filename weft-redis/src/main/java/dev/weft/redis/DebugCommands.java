package dev.weft.redis;

import static dev.weft.redis.Command.READONLY;

/**
 * OBJECT and a few DEBUG subcommands: outside the command set weft-redis promises, but Redis's
 * own test suite uses them between the commands it tests (turning the active expiry off,
 * reloading, asking an encoding), so answering them lets more of that suite run.
 */
final class DebugCommands {
  private DebugCommands() {}

  static void register(CommandTable t) {
    t.add("object", -2, READONLY, 2, 2, 1, DebugCommands::object);
    t.add("debug", -2, 0, 0, 0, 0, DebugCommands::debug);
    t.add("memory", -2, READONLY, 2, 2, 1, DebugCommands::memory);
  }

  /** MEMORY USAGE key: an estimate of the bytes the value takes on the heap. */
  static void memory(Session s, byte[][] a, Reply out) {
    if (!Bytes.equalsAscii(a[1], "usage")) { // its arity was checked: Subcommands
      throw new RedisError(Errors.unknownSubcommand(a[1], "memory"));
    }
    Object v = s.keyspace().value(a[2]);
    if (v == null) {
      out.nullBulk();
      return;
    }
    long bytes = 64 + a[2].length;
    if (v instanceof byte[] b) {
      bytes += 16 + b.length;
    } else if (v instanceof RedisList l) {
      for (int i = 0; i < l.size(); i++) {
        bytes += 24 + l.get(i).length;
      }
    } else if (v instanceof RedisHash h) {
      for (var e : h.fields.entrySet()) {
        bytes += 80 + e.getKey().bytes.length + e.getValue().length;
      }
    }
    out.integer(bytes);
  }

  /** What Redis 7.0 would call the encoding of {@code v}. */
  static String encoding(Object v, Config config) {
    if (v instanceof byte[] b) {
      if (b.length <= 20 && Bytes.isLong(b)) {
        return "int";
      }
      return b.length <= 44 ? "embstr" : "raw";
    }
    if (v instanceof RedisList) {
      return "quicklist";
    }
    if (v instanceof RedisHash h) {
      long maxEntries = parse(config.get("hash-max-listpack-entries"), 128);
      long maxValue = parse(config.get("hash-max-listpack-value"), 64);
      if (h.fields.size() > maxEntries) {
        return "hashtable";
      }
      for (var e : h.fields.entrySet()) {
        if (e.getKey().bytes.length > maxValue || e.getValue().length > maxValue) {
          return "hashtable";
        }
      }
      return "listpack";
    }
    return "unknown";
  }

  private static long parse(String s, long dflt) {
    try {
      return s == null ? dflt : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  static void object(Session s, byte[][] a, Reply out) {
    String sub = Bytes.lower(a[1]);
    if (sub.equals("help")) {
      out.array(1).simple("OBJECT <subcommand> [<arg> ...]: ENCODING, REFCOUNT, IDLETIME, FREQ");
      return;
    }
    // The subcommand (encoding, refcount, idletime or freq) and its number of arguments were
    // checked against Redis's table before this runs: Subcommands.
    Object v = s.keyspace().value(a[2]);
    if (v == null) {
      out.nullBulk();
      return;
    }
    switch (sub) {
      case "encoding" -> out.bulk(encoding(v, s.server.config));
      case "refcount" -> out.integer(v instanceof byte[] b && b.length <= 4 && Bytes.isLong(b)
          && Bytes.toLong(b) >= 0 && Bytes.toLong(b) < 10_000 ? Integer.MAX_VALUE : 1);
      default -> out.integer(0);
    }
  }

  static void debug(Session s, byte[][] a, Reply out) {
    String sub = Bytes.lower(a[1]);
    switch (sub) {
      case "set-active-expire" -> {
        if (a.length != 3) {
          throw new RedisError(Errors.SYNTAX);
        }
        s.server.activeExpire = !Bytes.equalsAscii(a[2], "0");
        out.ok();
      }
      case "sleep" -> {
        // Redis's DEBUG SLEEP stalls the whole server; here it stalls this connection's task
        // (and the worker under it), which is what the tests that use it need.
        double secs = Bytes.toDouble(a.length > 2 ? a[2] : Bytes.of("0"), Errors.NOT_FLOAT);
        try {
          Thread.sleep((long) (secs * 1000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.ok();
      }
      case "reload", "loadaof", "quicklist-packed-threshold", "change-repl-id", "jmap",
          "set-disable-deny-scripts", "replybuffer", "dict-resizing" -> out.ok();
      case "object" -> {
        if (a.length != 3) {
          throw new RedisError(Errors.SYNTAX);
        }
        long mask = 1L << s.keyspace().shardIndex(a[2]);
        s.keyspace().lock(mask);
        try {
          Object v = s.keyspace().value(a[2]);
          if (v == null) {
            throw new RedisError(Errors.NO_SUCH_KEY);
          }
          out.simple("Value at:0x0 refcount:1 encoding:" + encoding(v, s.server.config)
              + " serializedlength:0 lru:0 lru_seconds_idle:0"
              + (v instanceof RedisList l ? " ql_nodes:" + Math.max(1, l.size() / 128)
              + " ql_avg_node:0.00 ql_listpack_max:0 ql_compressed:0 ql_uncompressed_size:0"
              : ""));
        } finally {
          s.keyspace().unlock(mask);
        }
      }
      default -> throw new RedisError(Errors.unknownSubcommand(a[1], "debug"));
    }
  }
}
