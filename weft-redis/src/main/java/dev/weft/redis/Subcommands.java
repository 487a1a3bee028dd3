package dev.weft.redis;

import java.util.Locale;
import java.util.Map;

/**
 * Redis 7.0's container commands and their subcommands with arities (from its command table),
 * for the checks Redis makes before it runs a command, in {@code processCommand}: an unknown
 * subcommand, or a known one with the wrong number of arguments, is answered as such before
 * anything else looks at the call (in subscribed mode too, where a known one is then refused by
 * its full name, {@code 'client|id'}). The handlers keep their own checks for the rest (the
 * values of the arguments); this table names what Redis knows, including subcommands
 * weft-redis does not implement, which their handlers answer as unknown.
 */
final class Subcommands {
  private Subcommands() {}

  private static final Map<String, Map<String, Integer>> TABLE = Map.of(
      "client", Map.ofEntries(Map.entry("caching", 3), Map.entry("getname", 2),
          Map.entry("getredir", 2), Map.entry("help", 2), Map.entry("id", 2),
          Map.entry("info", 2), Map.entry("kill", -3), Map.entry("list", -2),
          Map.entry("no-evict", 3), Map.entry("pause", -3), Map.entry("reply", 3),
          Map.entry("setname", 3), Map.entry("tracking", -3), Map.entry("trackinginfo", 2),
          Map.entry("unblock", -3), Map.entry("unpause", 2)),
      "config", Map.of("get", -3, "help", 2, "resetstat", 2, "rewrite", 2, "set", -4),
      "command", Map.of("count", 2, "docs", -2, "getkeys", -4, "getkeysandflags", -4,
          "help", 2, "info", -2, "list", -2),
      "function", Map.of("delete", 3, "dump", 2, "flush", -2, "help", 2, "kill", 2, "list", -2,
          "load", -3, "restore", -3, "stats", 2),
      "object", Map.of("encoding", 3, "freq", 3, "help", 2, "idletime", 3, "refcount", 3),
      "memory", Map.of("doctor", 2, "help", 2, "malloc-stats", 2, "purge", 2, "stats", 2,
          "usage", -3),
      "pubsub", Map.of("channels", -2, "help", 2, "numpat", 2, "numsub", -2,
          "shardchannels", -2, "shardnumsub", -2));

  /** True if {@code command} (a lower-case name) has subcommands. */
  static boolean isContainer(String command) {
    return TABLE.containsKey(command);
  }

  /**
   * The full name Redis gives the command in {@code argv} ({@code client|id}, or the
   * command's own name when it has no subcommands or none was given), after Redis's checks of
   * the subcommand: throws the unknown-subcommand or wrong-arity error as Redis answers it.
   */
  static String fullName(Command c, byte[][] argv) {
    Map<String, Integer> subs = TABLE.get(c.name);
    if (subs == null || argv.length < 2) {
      return c.name;
    }
    String sub = Bytes.latin1(argv[1]).toLowerCase(Locale.ROOT);
    Integer arity = subs.get(sub);
    if (arity == null) {
      throw new RedisError(Errors.unknownSubcommand(argv[1], c.name));
    }
    String full = c.name + "|" + sub;
    if (arity > 0 ? argv.length != arity : argv.length < -arity) {
      throw new RedisError(Errors.arity(full));
    }
    return full;
  }
}
