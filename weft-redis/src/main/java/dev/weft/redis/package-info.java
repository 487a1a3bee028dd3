/**
 * weft-redis: a Redis-compatible server built on weft's networking, the flagship program of
 * the library. Start it with {@code ./weft redis [--port 6379] [--bind 127.0.0.1] [--runtime
 * mt|ct]}, or in a program with {@link dev.weft.redis.RedisServer#start}; point redis-cli, Jedis,
 * Lettuce or redis-benchmark at it.
 *
 * <h2>What it serves</h2>
 * RESP2 requests (arrays of bulk strings, and inline telnet-style lines), pipelined; the
 * connection, string, key, list (with BLPOP/BRPOP), hash and pub/sub commands with Redis 7's
 * replies and error texts; INFO, CONFIG GET/SET, COMMAND, CLIENT, DBSIZE, FLUSHDB/FLUSHALL.
 * One database (SELECT 0 only). {@code HELLO 3} answers {@code -NOPROTO}: RESP2 only. Keys and
 * values are binary-safe byte strings. Nothing is persisted.
 *
 * <h2>Concurrency design</h2>
 *
 * <h3>One task per connection</h3>
 * Each accepted socket gets a task whose future ({@code Connection}) is written by hand rather
 * than as an async block: one poll reads what the socket has, parses every complete request
 * straight from the read buffer, runs them, appends the replies to one output buffer and
 * writes it once (pipelining costs one read and one write per batch, not per command). The
 * connection parses up to 16 requests before running the first and reads, without a lock,
 * the table bucket, entry, key and value of each one's first key, so that a batch's cache
 * misses overlap instead of following one another ({@code Keyspace#touch}: at {@code -P 16} a
 * GET's lookup had taken a quarter of the workers' time in misses one after another). The
 * task yields once before that write, so every connection with
 * requests ready runs before any replies leave, as redis-server writes its replies after its
 * event loop's whole batch; the load client then finds more replies per wake-up (see
 * {@code Connection#step}). A single request since the last write (a client that waits for
 * each reply) is answered without that yield, which would only delay its next request. A slow
 * or stuck client holds its own task only.
 *
 * <h3>Sharing the keyspace on the multi-thread runtime</h3>
 * Three designs were weighed: sharded maps, a single owner task fed by a channel, or locks.
 * weft-redis uses <em>lock-striped shards</em>: the keyspace is split by key hash into 2^k
 * shards ({@code Keyspace}), each a hash table with its own {@code ReentrantLock}. A command
 * locks the shards of the keys it names, in ascending order (no deadlock between multi-key
 * commands), runs, and unlocks; commands over the whole keyspace (KEYS, SCAN, DBSIZE,
 * FLUSHALL, RANDOMKEY) lock every shard. No command waits for anything while holding a lock,
 * and no lock is held across a poll. Nor does a worker thread wait for the shards a command
 * names beyond a short spin (200 looks, about 8 µs on the 2-core machine, far longer than a
 * holder running on the other core keeps a shard for one command): a connection whose command
 * still finds one taken registers its task's waker with the shard and returns pending, and the
 * shard's next unlock wakes it to run that command first (the expiry sweep skips a busy
 * shard; only rare paths still wait on a lock: INFO's key counts, DEBUG OBJECT, and a blocked
 * pop's clean-up when it times out or its client leaves). A worker
 * that waited could sit out the time slice of a holder the kernel had preempted, with all its
 * other connections (redis-benchmark {@code -P 16} on the 2-core machine: p99 of SET, GET and
 * INCR 2.3-2.9 ms against 1.7-2.1 ms, medians of 10-12 alternated rounds, requests a second
 * level within the spread). Within one pipelined batch, a command that names the same shards
 * as the one before it runs under the locks that command took (at most 32 in a row,
 * then they are released and taken again): a pipeline of pushes to one list takes its lock
 * once, not once a push (redis-benchmark LPUSH {@code -P 16} on the multi-thread runtime:
 * 1.09-1.15 million requests a second against 1.04-1.10 million). One shard is a single global
 * lock. Measured with redis-benchmark ({@code -c 50 -r 100000}) on the 2-core machine: with
 * {@code -P 16}, 16 shards gave about 1.2 to 1.8 times the SET, GET and INCR rate of one global
 * lock (LPUSH and LPOP work on a single key, so they cannot gain); with {@code -P 1} the two were
 * within the noise of each other (the time goes to system calls and wake-ups, not the lock).
 * Default: 16 shards on the multi-thread runtime, one on the current-thread runtime (which has
 * no contention).
 *
 * <p>The owner-task design was measured with a prototype (branch {@code owner-proto}, not
 * merged). There, a connection parses the complete requests in its read buffer and hands the
 * batch to the one task that owns the keyspace; the owner runs the batch into the connection's
 * output buffer and wakes the connection, which writes it. The prototype covered the
 * benchmark's commands. redis-benchmark with the same options, runs alternating with the
 * shards' on the 2-core machine:
 * <ul>
 *   <li>multi-thread runtime, {@code -P 1}: SET, GET and INCR 105-146k requests a second
 *       against 111-157k;
 *   <li>multi-thread runtime, {@code -P 16}: SET, GET and INCR 625-803k against 778-897k;
 *   <li>LPUSH and LPOP (one key, so no shard can help): level;
 *   <li>current-thread runtime, {@code -P 1}: 146-151k against 146-161k.
 * </ul>
 * Every request batch crosses to the owner and back, a wake-up each way. On the multi-thread
 * runtime one core serves the whole keyspace. The owner gains nothing in exchange, since
 * shard locks are held for one command and never across a poll. So the shards stay.
 *
 * <h3>Blocking pops</h3>
 * BLPOP/BRPOP that find every list empty queue a {@code PopWaiter} on each of their keys (in
 * the shard that owns the key) and the connection waits for it or for its timeout (a weft
 * timer). A push (or any command that makes a list appear at the key) serves the queued waiters
 * of that key in arrival order, under the same shard lock: it pops for the waiter and wakes its
 * task. A waiter queued on several keys is claimed by a compare-and-set, so exactly one push
 * serves it, and a timeout or a leaving client that wins the claim takes nothing. The pusher's
 * reply counts the elements before the waiters take theirs, as in Redis.
 *
 * <h3>Pub/sub</h3>
 * PUBLISH encodes the message frame once and drops it into each subscriber's
 * {@code Mailbox} (a lock-free queue) and wakes the subscriber's task; the publisher never
 * waits for a subscriber's socket. The subscriber's task moves messages into its output
 * buffer while that holds less than 64 KB. A slow subscriber's messages therefore pile up in its
 * mailbox and output buffer; once the two pass 32 MB (Redis's {@code client-output-buffer-limit
 * pubsub} hard limit) the subscriber is disconnected, as Redis does, and the publishers are not
 * slowed at all.
 *
 * <h3>What bounds each connection's memory</h3>
 * <ul>
 *   <li>Input: every header is checked before anything is allocated for it (bulk length 512 MB,
 *       inline and header lines 64 KB, 1,048,576 arguments); a large argument grows as its
 *       bytes arrive, so a lying header costs nothing; a request's arguments add up to at most
 *       1 GB (Redis's query buffer limit); the read buffer otherwise holds one partial
 *       header or small argument. Requests parsed ahead of running (below) are at most 16, and
 *       those before the last one parsed hold under 64 KB of arguments together.
 *   <li>Output: replies not yet taken by the socket are capped at 256 MB for a normal client
 *       (Redis has no cap for normal clients; without one, a client that pipelines and never
 *       reads would grow the server without bound) and at 32 MB for a subscriber; past the cap
 *       the client is disconnected. The cap is checked before each request, so a single large
 *       reply to a client that reads still goes out.
 *   <li>A blocked client keeps reading (to notice that it left) up to 64 KB, then stops.
 * </ul>
 *
 * <h3>Expiry</h3>
 * Lazy on access (every lookup deletes a key whose time is up) plus an active sweep ten times
 * a second on the runtime's timer wheel, sampling keys with a time to live as Redis does
 * ({@code ExpirySweep}).
 *
 * <h3>Shutdown</h3>
 * {@link dev.weft.redis.RedisServer#close()} (and SIGINT/SIGTERM in {@link dev.weft.redis.Main})
 * stops accepting, tells every connection to stop reading, lets it flush the replies to the
 * requests it already ran (within five seconds), closes every socket, then the runtime.
 */
package dev.weft.redis;
