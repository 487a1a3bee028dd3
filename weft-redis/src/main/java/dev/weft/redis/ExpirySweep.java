package dev.weft.redis;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.time.Time;
import java.time.Duration;

/**
 * The active half of expiry (the lazy half is {@link Keyspace#lookup}): ten times a second, as
 * Redis's {@code hz 10}, a task samples 20 keys with a time to live in each shard and deletes
 * the expired ones, and samples again while more than a quarter of a sample had expired, within
 * a time budget of a quarter of the period. So keys that nobody reads still go, and memory held
 * by expired keys stays about a quarter of the keys with a time to live at most. A shard that
 * another thread holds is skipped until the next sweep (the sweep runs on a worker, which must
 * not wait on a lock: see Connection#waitingForShard).
 */
final class ExpirySweep {
  static final long PERIOD_MILLIS = 100;
  private static final int SAMPLE = 20;
  private static final long BUDGET_NANOS = PERIOD_MILLIS * 1_000_000 / 4;

  private ExpirySweep() {}

  static Future<Void> task(Server server) {
    return async(() -> {
      Duration period = Duration.ofMillis(PERIOD_MILLIS);
      while (!server.shuttingDown) {
        Time.sleep(period).await();
        if (server.activeExpire) {
          sweep(server.keyspace);
        }
      }
      return null;
    });
  }

  /** One sweep over every shard; returns how many keys it deleted. */
  static long sweep(Keyspace ks) {
    long deleted = 0;
    long start = System.nanoTime();
    for (Keyspace.Shard s : ks.shards) {
      for (int round = 0; round < 16; round++) {
        int expired;
        if (!s.lock.tryLock()) {
          break; // a shard busy now is swept next time: waiting would hold this worker too
        }
        try {
          expired = sampleOnce(ks, s);
        } finally {
          s.unlock(); // and wakes the connections waiting for the shard
        }
        deleted += expired;
        if (expired <= SAMPLE / 4 || System.nanoTime() - start > BUDGET_NANOS) {
          break;
        }
      }
    }
    return deleted;
  }

  private static int sampleOnce(Keyspace ks, Keyspace.Shard s) {
    Dict d = s.dict;
    int n = Math.min(SAMPLE, d.volatileCount());
    long now = Keyspace.now();
    int expired = 0;
    for (int i = 0; i < n; i++) {
      Dict.Entry e = d.randomVolatile();
      if (e == null) {
        break;
      }
      if (e.expireAt <= now) {
        d.remove(e.key);
        ks.expiredKeys.increment();
        expired++;
      }
    }
    return expired;
  }
}
