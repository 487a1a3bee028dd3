package dev.weft.redis;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state every connection shares: the keyspace, pub/sub, the command table, the clients,
 * the configuration and the counters INFO reports. {@link RedisServer} is its public face.
 */
final class Server {
  final Limits limits;
  final Keyspace keyspace;
  final PubSub pubsub = new PubSub();
  final CommandTable commands = new CommandTable();
  final Config config;
  final ConcurrentHashMap<Long, Session> clients = new ConcurrentHashMap<>();
  private final AtomicLong nextClientId = new AtomicLong();
  final long startMillis = System.currentTimeMillis();
  final String runtimeName;
  final int port;
  final LongAdder commandsProcessed = new LongAdder();
  final LongAdder connectionsReceived = new LongAdder();
  final LongAdder outputLimitDisconnects = new LongAdder();
  final LongAdder blockedClients = new LongAdder();
  final LongAdder internalErrors = new LongAdder();
  volatile boolean shuttingDown;
  volatile boolean activeExpire = true; // DEBUG SET-ACTIVE-EXPIRE
  Server(Limits limits, int shards, int port, String bind, String runtimeName) {
    this.limits = limits;
    this.keyspace = new Keyspace(shards);
    this.config = new Config(port, bind, limits);
    this.runtimeName = runtimeName;
    this.port = port;
  }

  long newClientId() {
    return nextClientId.incrementAndGet();
  }
}
