package dev.weft.redis;

import static dev.weft.redis.Command.FAST;
import static dev.weft.redis.Command.PUBSUB;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE, PSUBSCRIBE, their UN- forms and PUBLISH. A client with at least one subscription is
 * in subscribed mode, where the connection accepts only the commands flagged {@code PUBSUB}.
 */
final class PubSubCommands {
  private PubSubCommands() {}

  static void register(CommandTable t) {
    t.add("subscribe", -2, PUBSUB, 0, 0, 0, PubSubCommands::subscribe);
    t.add("unsubscribe", -1, PUBSUB, 0, 0, 0, PubSubCommands::unsubscribe);
    t.add("psubscribe", -2, PUBSUB, 0, 0, 0, PubSubCommands::psubscribe);
    t.add("punsubscribe", -1, PUBSUB, 0, 0, 0, PubSubCommands::punsubscribe);
    t.add("publish", 3, FAST, 0, 0, 0, PubSubCommands::publish);
    t.add("pubsub", -2, 0, 0, 0, 0, PubSubCommands::pubsub);
  }

  private static void confirm(Reply out, String kind, byte[] name, int count) {
    out.array(3);
    out.bulk(kind);
    out.bulk(name);
    out.integer(count);
  }

  private static void recount(Session s) {
    s.subscriptions = s.channels.size() + s.patterns.size();
  }

  static void subscribe(Session s, byte[][] a, Reply out) {
    for (int i = 1; i < a.length; i++) {
      if (s.channels.add(new Key(a[i]))) {
        s.server.pubsub.subscribe(s, a[i]);
      }
      recount(s);
      confirm(out, "subscribe", a[i], s.subscriptions);
    }
  }

  static void psubscribe(Session s, byte[][] a, Reply out) {
    for (int i = 1; i < a.length; i++) {
      if (s.patterns.add(new Key(a[i]))) {
        s.server.pubsub.psubscribe(s, a[i]);
      }
      recount(s);
      confirm(out, "psubscribe", a[i], s.subscriptions);
    }
  }

  static void unsubscribe(Session s, byte[][] a, Reply out) {
    List<byte[]> names = new ArrayList<>();
    if (a.length == 1) {
      for (Key k : s.channels) {
        names.add(k.bytes);
      }
      if (names.isEmpty()) {
        confirm(out, "unsubscribe", null, s.subscriptions);
        return;
      }
    } else {
      for (int i = 1; i < a.length; i++) {
        names.add(a[i]);
      }
    }
    for (byte[] n : names) {
      if (s.channels.remove(new Key(n))) {
        s.server.pubsub.unsubscribe(s, n);
      }
      recount(s);
      confirm(out, "unsubscribe", n, s.subscriptions);
    }
  }

  static void punsubscribe(Session s, byte[][] a, Reply out) {
    List<byte[]> names = new ArrayList<>();
    if (a.length == 1) {
      for (Key k : s.patterns) {
        names.add(k.bytes);
      }
      if (names.isEmpty()) {
        confirm(out, "punsubscribe", null, s.subscriptions);
        return;
      }
    } else {
      for (int i = 1; i < a.length; i++) {
        names.add(a[i]);
      }
    }
    for (byte[] n : names) {
      if (s.patterns.remove(new Key(n))) {
        s.server.pubsub.punsubscribe(s, n);
      }
      recount(s);
      confirm(out, "punsubscribe", n, s.subscriptions);
    }
  }

  /** Drops every subscription of a closing client. */
  static void unsubscribeAll(Session s) {
    for (Key k : s.channels) {
      s.server.pubsub.unsubscribe(s, k.bytes);
    }
    for (Key k : s.patterns) {
      s.server.pubsub.punsubscribe(s, k.bytes);
    }
    s.channels.clear();
    s.patterns.clear();
    s.subscriptions = 0;
  }

  static void publish(Session s, byte[][] a, Reply out) {
    out.integer(s.server.pubsub.publish(a[1], a[2]));
  }

  static void pubsub(Session s, byte[][] a, Reply out) {
    PubSub ps = s.server.pubsub;
    if (Bytes.equalsAscii(a[1], "channels") && a.length <= 3) {
      List<byte[]> ch = ps.channels(a.length == 3 ? a[2] : null);
      out.array(ch.size());
      for (byte[] c : ch) {
        out.bulk(c);
      }
    } else if (Bytes.equalsAscii(a[1], "numsub")) {
      out.array(2L * (a.length - 2));
      for (int i = 2; i < a.length; i++) {
        out.bulk(a[i]);
        out.integer(ps.subscriberCount(a[i]));
      }
    } else if (Bytes.equalsAscii(a[1], "numpat")) { // no argument: Subcommands checked it
      out.integer(ps.patternCount());
    } else {
      throw new RedisError(Errors.unknownSubcommand(a[1], "pubsub"));
    }
  }
}
