package dev.weft.redis;

import static dev.weft.redis.Command.ALL_KEYS;
import static dev.weft.redis.Command.FAST;
import static dev.weft.redis.Command.READONLY;
import static dev.weft.redis.Command.WRITE;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** COMMAND, INFO, CONFIG, DBSIZE, FLUSHDB/FLUSHALL, FUNCTION FLUSH, TIME. */
final class ServerCommands {
  /** The Redis version weft-redis answers as (the one whose replies it reproduces). */
  static final String VERSION = "7.0.15";

  private ServerCommands() {}

  static void register(CommandTable t) {
    t.add("command", -1, 0, 0, 0, 0, ServerCommands::command);
    t.add("info", -1, 0, 0, 0, 0, ServerCommands::info);
    t.add("config", -2, 0, 0, 0, 0, ServerCommands::config);
    t.add("dbsize", 1, READONLY | FAST | ALL_KEYS, 0, 0, 0,
        (s, a, o) -> o.integer(s.keyspace().size()));
    t.add("flushdb", -1, WRITE | ALL_KEYS, 0, 0, 0, ServerCommands::flush);
    t.add("flushall", -1, WRITE | ALL_KEYS, 0, 0, 0, ServerCommands::flush);
    t.add("function", -2, 0, 0, 0, 0, ServerCommands::function);
    t.add("time", 1, FAST, 0, 0, 0, ServerCommands::time);
    t.add("lastsave", 1, FAST, 0, 0, 0, (s, a, o) -> o.integer(s.server.startMillis / 1000));
  }

  static void flush(Session s, byte[][] a, Reply out) {
    if (a.length > 2 || (a.length == 2 && !Bytes.equalsAscii(a[1], "sync")
        && !Bytes.equalsAscii(a[1], "async"))) {
      throw new RedisError(Errors.SYNTAX);
    }
    s.keyspace().clear();
    out.ok();
  }

  static void function(Session s, byte[][] a, Reply out) {
    if (Bytes.equalsAscii(a[1], "flush")) {
      // Redis 7.0's arity and option checks; there are no functions to flush
      if (a.length > 3) {
        throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
            + Errors.clip(Bytes.latin1(a[1]), 128) + "'. Try FUNCTION HELP.");
      }
      if (a.length == 3 && !Bytes.equalsAscii(a[2], "sync")
          && !Bytes.equalsAscii(a[2], "async")) {
        throw new RedisError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
      }
      out.ok();
    } else {
      throw new RedisError(Errors.unknownSubcommand(a[1], "function"));
    }
  }

  static void time(Session s, byte[][] a, Reply out) {
    long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
    out.array(2);
    out.bulk(micros / 1_000_000);
    out.bulk(micros % 1_000_000);
  }

  /* ---- CONFIG ---- */

  static void config(Session s, byte[][] a, Reply out) {
    String sub = Bytes.lower(a[1]);
    switch (sub) {
      case "get" -> {
        java.util.LinkedHashMap<String, String> all = new java.util.LinkedHashMap<>();
        for (int i = 2; i < a.length; i++) {
          all.putAll(s.server.config.matching(a[i]));
        }
        out.array(all.size() * 2L);
        for (Map.Entry<String, String> e : all.entrySet()) {
          out.bulk(e.getKey());
          out.bulk(e.getValue());
        }
      }
      case "set" -> {
        if (a.length % 2 != 0) { // at least 4 (the table's arity), and pairs, as Redis checks
          throw new RedisError(Errors.SYNTAX);
        }
        // Checked whole before anything is set, so that a refused call changes nothing. Every
        // parameter name is accepted and read back; only the ones weft-redis knows act.
        java.util.LinkedHashMap<String, String> pairs = new java.util.LinkedHashMap<>();
        for (int i = 2; i < a.length; i += 2) {
          if (pairs.putIfAbsent(Bytes.lower(a[i]), Bytes.str(a[i + 1])) != null) {
            throw new RedisError("ERR CONFIG SET failed (possibly related to argument '"
                + Bytes.str(a[i]) + "') - duplicate parameter");
          }
        }
        pairs.forEach(s.server.config::set);
        out.ok();
      }
      case "resetstat", "rewrite" -> out.ok();
      default -> throw new RedisError(Errors.unknownSubcommand(a[1], "config"));
    }
  }

  /* ---- COMMAND ---- */

  private static String group(Command c) {
    return switch (c.name) {
      case "ping", "echo", "quit", "select", "hello", "client", "reset" -> "connection";
      case "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "publish", "pubsub" ->
          "pubsub";
      case "command", "info", "config", "dbsize", "flushdb", "flushall", "time", "lastsave",
          "debug", "object", "memory" -> "server";
      case "function" -> "scripting";
      default -> {
        if (c.name.startsWith("h")) {
          yield "hash";
        }
        if (c.name.startsWith("l") || c.name.startsWith("r") && c.name.endsWith("push")
            || c.name.startsWith("b") || c.name.equals("rpop")) {
          yield "list";
        }
        yield c.has(Command.ALL_KEYS) || c.name.contains("expire") || c.name.contains("ttl")
            || c.name.startsWith("rename") || List.of("del", "unlink", "exists", "type",
                "persist", "touch", "randomkey").contains(c.name) ? "generic" : "string";
      }
    };
  }

  private static void info(Reply out, Command c) {
    out.array(10);
    out.bulk(c.name);
    out.integer(c.arity);
    String[] flags = c.flagNames();
    out.array(flags.length);
    for (String f : flags) {
      out.simple(f);
    }
    out.integer(c.firstKey);
    out.integer(c.lastKey);
    out.integer(c.step);
    out.array(0); // ACL categories
    out.array(0); // tips
    out.array(0); // key specifications
    out.array(0); // subcommands
  }

  static void command(Session s, byte[][] a, Reply out) {
    CommandTable t = s.server.commands;
    if (a.length == 1) {
      Collection<Command> all = t.all();
      out.array(all.size());
      for (Command c : all) {
        info(out, c);
      }
      return;
    }
    String sub = Bytes.lower(a[1]);
    switch (sub) {
      case "count" -> out.integer(t.all().size());
      case "list" -> commandList(t, a, out);
      case "info" -> {
        if (a.length == 2) {
          Collection<Command> all = t.all();
          out.array(all.size());
          for (Command c : all) {
            info(out, c);
          }
          return;
        }
        out.array(a.length - 2);
        for (int i = 2; i < a.length; i++) {
          Command c = t.lookup(a[i]);
          if (c == null) {
            out.nullArray();
          } else {
            info(out, c);
          }
        }
      }
      case "docs" -> {
        List<Command> cs = new ArrayList<>();
        if (a.length == 2) {
          cs.addAll(t.all());
        } else {
          for (int i = 2; i < a.length; i++) {
            Command c = t.lookup(a[i]);
            if (c != null) {
              cs.add(c);
            }
          }
        }
        out.array(cs.size() * 2L);
        for (Command c : cs) {
          out.bulk(c.name);
          out.array(6);
          out.bulk("summary").bulk(c.name.toUpperCase(Locale.ROOT) + " as in Redis " + VERSION);
          out.bulk("since").bulk("1.0.0");
          out.bulk("group").bulk(group(c));
        }
      }
      case "getkeys" -> {
        byte[][] argv = java.util.Arrays.copyOfRange(a, 2, a.length);
        Command c = t.lookup(argv[0]);
        if (c == null) {
          throw new RedisError("ERR Invalid command specified");
        }
        if (!c.arityOk(argv.length)) {
          throw new RedisError("ERR Invalid number of arguments specified for command");
        }
        List<byte[]> keys = new ArrayList<>();
        if (c.firstKey > 0) {
          int last = c.lastKey >= 0 ? c.lastKey : argv.length + c.lastKey;
          for (int i = c.firstKey; i <= last && i < argv.length; i += c.step) {
            keys.add(argv[i]);
          }
        }
        if (keys.isEmpty()) {
          throw new RedisError("ERR The command has no key arguments");
        }
        out.array(keys.size());
        for (byte[] k : keys) {
          out.bulk(k);
        }
      }
      default -> throw new RedisError(Errors.unknownSubcommand(a[1], "command"));
    }
  }

  /* ---- INFO ---- */

  static void info(Session s, byte[][] a, Reply out) {
    List<String> want = new ArrayList<>();
    for (int i = 1; i < a.length; i++) {
      want.add(Bytes.lower(a[i]));
    }
    boolean all = want.isEmpty() || want.contains("all") || want.contains("everything")
        || want.contains("default");
    StringBuilder b = new StringBuilder();
    Server srv = s.server;
    long now = System.currentTimeMillis();
    boolean stats = all || want.contains("stats");
    boolean keyspace = all || want.contains("keyspace");
    Keyspace.Counts counts = stats || keyspace ? srv.keyspace.counts() : null;
    if (all || want.contains("server")) {
      section(b, "Server");
      line(b, "redis_version", VERSION);
      line(b, "redis_git_sha1", "00000000");
      line(b, "redis_git_dirty", "0");
      line(b, "redis_build_id", "weft");
      line(b, "redis_mode", "standalone");
      line(b, "os", System.getProperty("os.name") + " " + System.getProperty("os.version")
          + " " + System.getProperty("os.arch"));
      line(b, "arch_bits", "64");
      line(b, "multiplexing_api", "weft");
      line(b, "atomicvar_api", "java");
      line(b, "gcc_version", "0.0.0");
      line(b, "process_id", Long.toString(ProcessHandle.current().pid()));
      line(b, "run_id", runId(srv));
      line(b, "tcp_port", Integer.toString(srv.port));
      line(b, "server_time_usec", Long.toString(now * 1000));
      line(b, "uptime_in_seconds", Long.toString((now - srv.startMillis) / 1000));
      line(b, "uptime_in_days", Long.toString((now - srv.startMillis) / 86_400_000));
      line(b, "hz", "10");
      line(b, "configured_hz", "10");
      line(b, "executable", "weft-redis");
      line(b, "weft_runtime", srv.runtimeName);
      line(b, "weft_keyspace_shards", Integer.toString(srv.keyspace.shards.length));
    }
    if (all || want.contains("clients")) {
      section(b, "Clients");
      line(b, "connected_clients", Integer.toString(srv.clients.size()));
      line(b, "blocked_clients", Long.toString(srv.blockedClients.sum()));
      line(b, "pubsub_clients", Long.toString(
          srv.clients.values().stream().filter(Session::subscribed).count()));
    }
    if (all || want.contains("memory")) {
      Runtime rt = Runtime.getRuntime();
      section(b, "Memory");
      line(b, "used_memory", Long.toString(rt.totalMemory() - rt.freeMemory()));
      line(b, "used_memory_peak", Long.toString(rt.totalMemory()));
      line(b, "maxmemory", "0");
      line(b, "mem_allocator", "jvm");
    }
    if (all || want.contains("persistence")) {
      section(b, "Persistence");
      line(b, "loading", "0");
      line(b, "rdb_changes_since_last_save", "0");
      line(b, "rdb_bgsave_in_progress", "0");
      line(b, "aof_enabled", "0");
      line(b, "aof_rewrite_in_progress", "0");
    }
    if (stats) {
      section(b, "Stats");
      line(b, "total_connections_received", Long.toString(srv.connectionsReceived.sum()));
      line(b, "total_commands_processed",
          Long.toString(srv.commandsProcessed.sum() + s.commandsUncounted));
      line(b, "expired_keys", Long.toString(srv.keyspace.expiredKeys.sum()));
      line(b, "evicted_keys", "0");
      line(b, "keyspace_hits", Long.toString(counts.hits()));
      line(b, "keyspace_misses", Long.toString(counts.misses()));
      line(b, "pubsub_channels", Integer.toString(srv.pubsub.channelCount()));
      line(b, "pubsub_patterns", Integer.toString(srv.pubsub.patternCount()));
      line(b, "client_output_buffer_limit_disconnections",
          Long.toString(srv.outputLimitDisconnects.sum()));
    }
    if (all || want.contains("replication")) {
      section(b, "Replication");
      line(b, "role", "master");
      line(b, "connected_slaves", "0");
    }
    if (all || want.contains("cpu")) {
      section(b, "CPU");
      double cpu = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
      line(b, "used_cpu_sys", String.format(Locale.ROOT, "%.6f", 0.0));
      line(b, "used_cpu_user", String.format(Locale.ROOT, "%.6f", cpu));
    }
    if (keyspace) {
      section(b, "Keyspace");
      if (counts.keys() > 0) {
        line(b, "db0", "keys=" + counts.keys() + ",expires=" + counts.expires() + ",avg_ttl=0");
      }
    }
    out.bulk(b.toString());
  }

  private static String runId(Server srv) {
    String h = Long.toHexString(srv.startMillis * 31 + ProcessHandle.current().pid());
    return ("0".repeat(40) + h).substring(h.length());
  }

  private static void section(StringBuilder b, String name) {
    if (b.length() > 0) {
      b.append("\r\n");
    }
    b.append("# ").append(name).append("\r\n");
  }

  private static void line(StringBuilder b, String k, String v) {
    b.append(k).append(':').append(v).append("\r\n");
  }

  /**
   * {@code COMMAND LIST [FILTERBY MODULE name | PATTERN glob | ACLCAT category]}, its options
   * read as Redis reads them: any other word, or a FILTERBY that is not followed by exactly its
   * two arguments, is a syntax error. No module is loaded, so a module filter lists nothing;
   * weft-redis keeps no ACL categories, so it refuses that filter rather than list nothing.
   */
  private static void commandList(CommandTable t, byte[][] a, Reply out) {
    byte[] pattern = null; // with no filter, every name
    if (a.length != 2) {
      if (a.length != 5 || !Bytes.equalsAscii(a[2], "filterby")) {
        throw new RedisError(Errors.SYNTAX);
      }
      switch (Bytes.lower(a[3])) {
        case "module" -> {
          out.array(0); // no module is loaded
          return;
        }
        case "pattern" -> pattern = a[4];
        case "aclcat" -> throw new RedisError("ERR COMMAND LIST FILTERBY ACLCAT is not"
            + " supported: weft-redis keeps no ACL categories");
        default -> throw new RedisError(Errors.SYNTAX);
      }
    }
    List<String> names = new ArrayList<>();
    for (String n : t.names()) {
      if (pattern == null || Glob.matches(pattern, Bytes.of(n), true)) {
        names.add(n);
      }
    }
    out.array(names.size());
    for (String n : names) {
      out.bulk(n);
    }
  }
}
