package dev.weft.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration parameters CONFIG GET answers and CONFIG SET accepts: the ones clients and
 * tools ask for (redis-benchmark reads {@code save} and {@code appendonly}, Redis's test suite
 * sets the encoding thresholds). Only values weft-redis uses change its behaviour; the rest are
 * kept so that a client reads back what it set. Thread-safe (CONFIG is rare).
 */
final class Config {
  private final Map<String, String> values = new LinkedHashMap<>();

  Config(int port, String bind, Limits limits) {
    values.put("bind", bind);
    values.put("port", Integer.toString(port));
    values.put("databases", "1");
    values.put("save", "");
    values.put("appendonly", "no");
    values.put("maxmemory", "0");
    values.put("maxmemory-policy", "noeviction");
    values.put("maxclients", "10000");
    values.put("timeout", "0");
    values.put("tcp-keepalive", "300");
    values.put("hz", "10");
    values.put("proto-max-bulk-len", Long.toString(limits.maxBulk));
    values.put("client-query-buffer-limit", Long.toString(limits.maxQuery));
    values.put("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub "
        + limits.pubsubOutputHard + " 8388608 60");
    values.put("cluster-enabled", "no");
    values.put("lazyfree-lazy-user-del", "no");
    values.put("lazyfree-lazy-user-flush", "no");
    values.put("list-max-listpack-size", "-2");
    values.put("list-max-ziplist-size", "-2");
    values.put("list-compress-depth", "0");
    values.put("hash-max-listpack-entries", "128");
    values.put("hash-max-listpack-value", "64");
    values.put("hash-max-ziplist-entries", "128");
    values.put("hash-max-ziplist-value", "64");
    values.put("set-max-intset-entries", "512");
    values.put("zset-max-listpack-entries", "128");
    values.put("zset-max-listpack-value", "64");
    values.put("activerehashing", "yes");
    values.put("active-expire-effort", "1");
    values.put("notify-keyspace-events", "");
    values.put("enable-debug-command", "no");
    values.put("latency-tracking", "no");
    values.put("lua-time-limit", "5000");
    values.put("busy-reply-threshold", "5000");
    values.put("slowlog-log-slower-than", "10000");
    values.put("slowlog-max-len", "128");
    values.put("io-threads", "1");
    values.put("replica-read-only", "yes");
    values.put("min-replicas-to-write", "0");
    values.put("loglevel", "notice");
  }

  synchronized Map<String, String> matching(byte[] pattern) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (Glob.matches(pattern, Bytes.of(e.getKey()), true)) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Sets a parameter (an unknown one is kept too, so that CONFIG GET reads it back). */
  synchronized void set(String name, String value) {
    values.put(name, value);
  }

  synchronized String get(String name) {
    return values.get(name);
  }
}
