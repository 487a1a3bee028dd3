package dev.weft.redis;

/**
 * One command of the table: its name, arity (Redis's convention: {@code n} exactly n arguments
 * counting the name, {@code -n} at least n), where its keys are (for locking the right shards
 * and for COMMAND), its flags, and what it does.
 */
final class Command {
  /** What a command does; the shards of its keys are locked around the call. */
  @FunctionalInterface
  interface Handler {
    void run(Session session, byte[][] argv, Reply out);
  }

  static final int WRITE = 1;
  static final int READONLY = 1 << 1;
  static final int PUBSUB = 1 << 2;      // allowed in subscribed mode
  static final int ALL_KEYS = 1 << 3;    // reads or writes the whole keyspace: lock every shard
  static final int BLOCKING = 1 << 4;
  static final int FAST = 1 << 5;
  static final int NO_KEYSPACE = 1 << 6; // touches no key: take no lock

  final String name;
  final int arity;
  final int flags;
  final int firstKey;
  final int lastKey;   // negative: counted from the end (-1: the last argument)
  final int step;
  final Handler handler;
  /** A command with subcommands ({@code CLIENT}, {@code CONFIG}, ...): see {@link Subcommands}. */
  final boolean container;

  Command(String name, int arity, int flags, int firstKey, int lastKey, int step,
      Handler handler) {
    this.name = name;
    this.arity = arity;
    this.flags = flags | (firstKey == 0 && (flags & ALL_KEYS) == 0 ? NO_KEYSPACE : 0);
    this.firstKey = firstKey;
    this.lastKey = lastKey;
    this.step = step;
    this.handler = handler;
    this.container = Subcommands.isContainer(name);
  }

  boolean arityOk(int argc) {
    return arity > 0 ? argc == arity : argc >= -arity;
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** The shards this call must lock: those of its keys, every shard, or none. */
  long lockMask(Keyspace ks, byte[][] argv) {
    if ((flags & NO_KEYSPACE) != 0) {
      return 0;
    }
    if ((flags & ALL_KEYS) != 0 || ks.shards.length == 1) {
      return ks.allShards();
    }
    int last = lastKey >= 0 ? lastKey : argv.length + lastKey;
    long mask = 0;
    for (int i = firstKey; i <= last && i < argv.length; i += step) {
      mask |= 1L << ks.shardIndex(argv[i]);
    }
    return mask;
  }

  /** The flags as COMMAND INFO names them. */
  String[] flagNames() {
    java.util.List<String> f = new java.util.ArrayList<>();
    if (has(WRITE)) {
      f.add("write");
    }
    if (has(READONLY)) {
      f.add("readonly");
    }
    if (has(PUBSUB)) {
      f.add("pubsub");
    }
    if (has(BLOCKING)) {
      f.add("blocking");
    }
    if (has(FAST)) {
      f.add("fast");
    }
    return f.toArray(new String[0]);
  }
}
