package dev.weft.redis;

import static dev.weft.redis.Command.FAST;
import static dev.weft.redis.Command.PUBSUB;

/** PING, ECHO, QUIT, SELECT, HELLO and CLIENT. */
final class ConnectionCommands {
  private ConnectionCommands() {}

  static void register(CommandTable t) {
    t.add("ping", -1, PUBSUB | FAST, 0, 0, 0, ConnectionCommands::ping);
    t.add("echo", 2, FAST, 0, 0, 0, (s, a, o) -> o.bulk(a[1]));
    t.add("quit", -1, PUBSUB | FAST, 0, 0, 0, ConnectionCommands::quit);
    t.add("select", 2, FAST, 0, 0, 0, ConnectionCommands::select);
    t.add("hello", -1, FAST, 0, 0, 0, ConnectionCommands::hello);
    t.add("client", -2, 0, 0, 0, 0, ConnectionCommands::client);
    t.add("reset", 1, PUBSUB | FAST, 0, 0, 0, ConnectionCommands::reset);
  }

  static void ping(Session s, byte[][] a, Reply out) {
    if (a.length > 2) {
      throw new RedisError(Errors.arity("ping"));
    }
    if (s.subscribed()) {
      out.array(2);
      out.bulk("pong");
      out.bulk(a.length == 2 ? a[1] : Bytes.EMPTY);
    } else if (a.length == 2) {
      out.bulk(a[1]);
    } else {
      out.simple("PONG");
    }
  }

  static void quit(Session s, byte[][] a, Reply out) {
    out.ok();
    s.closeAfterReply = true;
  }

  static void select(Session s, byte[][] a, Reply out) {
    long db = Bytes.toLong(a[1]); // Redis 7: "value is not an integer or out of range"
    if (db != (int) db) { // Redis reads the index as a C int
      throw new RedisError("ERR value is out of range, value must between -2147483648 and"
          + " 2147483647");
    }
    if (db != 0) {
      throw new RedisError("ERR DB index is out of range");
    }
    out.ok();
  }

  static void reset(Session s, byte[][] a, Reply out) {
    PubSubCommands.unsubscribeAll(s);
    s.name = null;
    out.simple("RESET");
  }

  private static final byte[] DEFAULT_USER = Bytes.of("default");

  static void hello(Session s, byte[][] a, Reply out) {
    int i = 1;
    if (a.length > 1) {
      long ver;
      long[] v = new long[1];
      if (!Bytes.parseLong(a[1], 0, a[1].length, v)) {
        throw new RedisError("ERR Protocol version is not an integer or out of range");
      }
      ver = v[0];
      if (ver != 2) {
        throw new RedisError("NOPROTO unsupported protocol version");
      }
      i = 2;
    }
    // As Redis 7.0 with its default ACL (user "default", nopass): AUTH default takes any
    // password; each option acts as it is read, so a SETNAME before a bad option stays
    for (; i < a.length; i++) {
      if (Bytes.equalsAscii(a[i], "auth") && a.length - i - 1 >= 2) {
        if (!java.util.Arrays.equals(a[i + 1], DEFAULT_USER)) {
          throw new RedisError("WRONGPASS invalid username-password pair or user is disabled.");
        }
        i += 2;
      } else if (Bytes.equalsAscii(a[i], "setname") && a.length - i - 1 >= 1) {
        byte[] setName = a[++i];
        checkName(setName);
        s.name = setName.length == 0 ? null : setName;
      } else {
        throw new RedisError("ERR Syntax error in HELLO option '" + Bytes.latin1(a[i]) + "'");
      }
    }
    out.array(14);
    out.bulk("server").bulk("redis");
    out.bulk("version").bulk(ServerCommands.VERSION);
    out.bulk("proto").integer(2);
    out.bulk("id").integer(s.id);
    out.bulk("mode").bulk("standalone");
    out.bulk("role").bulk("master");
    out.bulk("modules").array(0);
  }

  private static void checkName(byte[] name) {
    for (byte b : name) {
      if (b < '!' || b > '~') {
        throw new RedisError(
            "ERR Client names cannot contain spaces, newlines or special characters.");
      }
    }
  }

  /**
   * CLIENT: the subcommand and its number of arguments were checked against Redis's table
   * ({@link Subcommands}) before this runs; one that Redis knows and weft-redis does not
   * implement is answered as unknown.
   */
  static void client(Session s, byte[][] a, Reply out) {
    String sub = Bytes.lower(a[1]);
    switch (sub) {
      case "setname" -> {
        checkName(a[2]);
        s.name = a[2].length == 0 ? null : a[2];
        out.ok();
      }
      case "getname" -> out.bulk(s.name);
      case "id" -> out.integer(s.id);
      case "info" -> out.bulk(describe(s) + "\n");
      case "list" -> {
        StringBuilder b = new StringBuilder();
        for (Session c : s.server.clients.values()) {
          b.append(describe(c)).append('\n');
        }
        out.bulk(b.toString());
      }
      case "no-evict", "reply" -> out.ok();
      case "help" -> {
        String[] lines = {"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GETNAME", "ID", "INFO", "LIST", "SETNAME <name>"};
        out.array(lines.length);
        for (String l : lines) {
          out.simple(l);
        }
      }
      default -> throw new RedisError(Errors.unknownSubcommand(a[1], "client"));
    }
  }

  static String describe(Session c) {
    long now = System.currentTimeMillis();
    String laddr = c.local == null ? "?"
        : c.local.getAddress().getHostAddress() + ":" + c.local.getPort();
    return "id=" + c.id + " addr=" + c.addr() + " laddr=" + laddr + " fd=-1 name="
        + (c.name == null ? "" : Bytes.str(c.name)) + " age=" + (now - c.createdMillis) / 1000
        + " idle=0 flags=" + (c.subscribed() ? "P" : "N") + " db=0 sub=" + c.channels.size()
        + " psub=" + c.patterns.size() + " ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0"
        + " multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=" + c.unsent + " tot-mem=0 events=r cmd="
        + c.lastCommand + " user=default redir=-1 resp=2";
  }
}
