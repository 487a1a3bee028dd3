package dev.weft.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who listens to which channel and pattern. PUBLISH encodes the message once per channel (and
 * once per matching pattern) and drops the same frame into each receiver's {@link Mailbox}, under
 * one lock that only (un)subscribing and publishing take: no publisher ever waits for a
 * subscriber's socket.
 */
final class PubSub {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Key, LinkedHashSet<Session>> channels = new HashMap<>();
  private final Map<Key, LinkedHashSet<Session>> patterns = new HashMap<>();

  boolean subscribe(Session s, byte[] channel) {
    lock.lock();
    try {
      return channels.computeIfAbsent(new Key(channel), k -> new LinkedHashSet<>()).add(s);
    } finally {
      lock.unlock();
    }
  }

  boolean unsubscribe(Session s, byte[] channel) {
    return remove(channels, s, new Key(channel));
  }

  boolean psubscribe(Session s, byte[] pattern) {
    lock.lock();
    try {
      return patterns.computeIfAbsent(new Key(pattern), k -> new LinkedHashSet<>()).add(s);
    } finally {
      lock.unlock();
    }
  }

  boolean punsubscribe(Session s, byte[] pattern) {
    return remove(patterns, s, new Key(pattern));
  }

  private boolean remove(Map<Key, LinkedHashSet<Session>> map, Session s, Key k) {
    lock.lock();
    try {
      LinkedHashSet<Session> set = map.get(k);
      if (set == null || !set.remove(s)) {
        return false;
      }
      if (set.isEmpty()) {
        map.remove(k);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Delivers {@code message}; returns the number of receivers, as PUBLISH replies. */
  long publish(byte[] channel, byte[] message) {
    lock.lock();
    try {
      long receivers = 0;
      LinkedHashSet<Session> subs = channels.get(new Key(channel));
      if (subs != null && !subs.isEmpty()) {
        byte[] frame = frame(null, channel, message);
        for (Session s : subs) {
          s.deliver(frame);
          receivers++;
        }
      }
      for (Map.Entry<Key, LinkedHashSet<Session>> p : patterns.entrySet()) {
        if (Glob.matches(p.getKey().bytes, channel)) {
          byte[] frame = frame(p.getKey().bytes, channel, message);
          for (Session s : p.getValue()) {
            s.deliver(frame);
            receivers++;
          }
        }
      }
      return receivers;
    } finally {
      lock.unlock();
    }
  }

  int channelCount() {
    lock.lock();
    try {
      return channels.size();
    } finally {
      lock.unlock();
    }
  }

  int patternCount() {
    lock.lock();
    try {
      return patterns.size();
    } finally {
      lock.unlock();
    }
  }

  /** Channels with at least one subscriber matching {@code pattern} (null: all). */
  List<byte[]> channels(byte[] pattern) {
    lock.lock();
    try {
      List<byte[]> out = new ArrayList<>();
      for (Key k : channels.keySet()) {
        if (pattern == null || Glob.matches(pattern, k.bytes)) {
          out.add(k.bytes);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  long subscriberCount(byte[] channel) {
    lock.lock();
    try {
      LinkedHashSet<Session> s = channels.get(new Key(channel));
      return s == null ? 0 : s.size();
    } finally {
      lock.unlock();
    }
  }

  private static final byte[] MESSAGE =
      "*3\r\n$7\r\nmessage\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PMESSAGE =
      "*4\r\n$8\r\npmessage\r\n".getBytes(StandardCharsets.US_ASCII);

  /** The RESP2 push of a message (pattern null) or a pattern message. */
  static byte[] frame(byte[] pattern, byte[] channel, byte[] message) {
    Reply r = new Reply();
    r.raw(pattern == null ? MESSAGE : PMESSAGE);
    if (pattern != null) {
      r.bulk(pattern);
    }
    r.bulk(channel);
    r.bulk(message);
    return r.toByteArray();
  }
}
