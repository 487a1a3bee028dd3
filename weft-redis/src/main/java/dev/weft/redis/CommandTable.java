package dev.weft.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command weft-redis knows, by lower-case name. Lookup hashes the request's first argument
 * case-insensitively without making a String, since it runs for every request.
 */
final class CommandTable {
  private final Map<String, Command> byName = new HashMap<>();
  private Command[] slots = new Command[0];
  private int mask;

  CommandTable() {
    ConnectionCommands.register(this);
    ServerCommands.register(this);
    StringCommands.register(this);
    KeyCommands.register(this);
    ListCommands.register(this);
    HashCommands.register(this);
    PubSubCommands.register(this);
    DebugCommands.register(this);
    index();
  }

  void add(String name, int arity, int flags, int firstKey, int lastKey, int step,
      Command.Handler h) {
    byName.put(name, new Command(name, arity, flags, firstKey, lastKey, step, h));
  }

  private static int hashLower(byte[] b) {
    int h = 0;
    for (byte x : b) {
      int c = x;
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      h = 31 * h + c;
    }
    return h ^ (h >>> 15);
  }

  private void index() {
    int size = Integer.highestOneBit(byName.size() * 4);
    slots = new Command[size];
    mask = size - 1;
    for (Command c : byName.values()) {
      int i = hashLower(Bytes.of(c.name)) & mask;
      while (slots[i] != null) {
        i = (i + 1) & mask;
      }
      slots[i] = c;
    }
  }

  /** The command named by {@code name} (any case), or null. */
  Command lookup(byte[] name) {
    if (name.length > 32) {
      return null;
    }
    int i = hashLower(name) & mask;
    for (Command c; (c = slots[i]) != null; i = (i + 1) & mask) {
      if (Bytes.equalsAscii(name, c.name)) {
        return c;
      }
    }
    return null;
  }

  Command get(String lowerName) {
    return byName.get(lowerName);
  }

  Collection<Command> all() {
    return byName.values();
  }

  List<String> names() {
    return new ArrayList<>(byName.keySet());
  }
}
