package dev.weft.redis;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.future.Waker;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.sync.CancellationToken;
import dev.weft.time.Time;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A Redis-compatible server on weft: RESP2 over TCP, the string, key, list, hash and pub/sub
 * commands with Redis 7's replies, served by one weft task per connection on a runtime of its
 * own. {@code ./weft redis} runs one from the command line ({@link Main}).
 *
 * <pre>{@code
 * try (RedisServer server = RedisServer.start(new InetSocketAddress("127.0.0.1", 0),
 *     RedisServer.Flavor.MULTI_THREAD)) {
 *   int port = server.port();   // point any Redis client at it
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down gracefully: it stops accepting, lets the commands already
 * received finish and their replies flush (within five seconds), closes every connection, then
 * the runtime.
 */
public final class RedisServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.weft.redis");

  /** The kind of weft runtime that serves the connections. */
  public enum Flavor {
    /** A work-stealing runtime with one worker per available processor. */
    MULTI_THREAD,
    /** A single-threaded, event-loop runtime. */
    CURRENT_THREAD
  }

  private final Server server;
  private final TcpListener listener;
  private final AsyncRuntime runtime;
  private final CancellationToken stop = new CancellationToken();
  private final Thread thread;
  private volatile Throwable failure;
  private boolean closed;

  private RedisServer(Server server, TcpListener listener, AsyncRuntime runtime) {
    this.server = server;
    this.listener = listener;
    this.runtime = runtime;
    this.thread = new Thread(this::serve, "weft-redis-server");
  }

  /**
   * Binds {@code address} and starts serving on a new runtime of the given flavour.
   *
   * @param address where to listen (port 0: any free port, see {@link #port()})
   * @param flavor the runtime that serves the connections
   * @return the running server; close it to stop
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static RedisServer start(InetSocketAddress address, Flavor flavor) {
    return start(address, flavor, new Limits(), defaultShards(flavor));
  }

  /** 16 lock-striped shards on the multi-thread runtime, one on the single-threaded one. */
  static int defaultShards(Flavor flavor) {
    return flavor == Flavor.MULTI_THREAD ? 16 : 1;
  }

  /** Starts with explicit limits and keyspace shard count (tests and measurements). */
  static RedisServer start(InetSocketAddress address, Flavor flavor, Limits limits, int shards) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(flavor, "flavor");
    TcpListener listener = TcpListener.bind(address, 511);
    AsyncRuntime rt;
    try {
      rt = flavor == Flavor.MULTI_THREAD
          ? AsyncRuntime.builder().multiThread().threadName("weft-redis").build()
          : AsyncRuntime.builder().currentThread().threadName("weft-redis").build();
    } catch (RuntimeException | Error e) {
      listener.close();
      throw e;
    }
    String rtName = flavor == Flavor.MULTI_THREAD
        ? "multi-thread (" + rt.metrics().workers() + " workers)" : "current-thread";
    Server server = new Server(limits, shards, listener.localAddress().getPort(),
        listener.localAddress().getAddress().getHostAddress(), rtName);
    RedisServer s = new RedisServer(server, listener, rt);
    s.thread.start();
    return s;
  }

  /**
   * The port the server listens on.
   *
   * @return the bound port (the one the system chose when started with port 0)
   */
  public int port() {
    return listener.localAddress().getPort();
  }

  /**
   * The address the server listens on.
   *
   * @return the bound address and port
   */
  public InetSocketAddress address() {
    return listener.localAddress();
  }

  /** The keyspace the connections share (tests lock its shards from outside). */
  Keyspace keyspace() {
    return server.keyspace;
  }

  /** A description of the runtime serving the connections, as INFO shows it. */
  String runtimeName() {
    return server.runtimeName;
  }

  Server state() {
    return server;
  }

  private void serve() {
    try {
      runtime.blockOn(async(() -> {
        JoinHandle<Void> acceptor = Task.spawn(acceptLoop());
        JoinHandle<Void> sweeper = Task.spawn(ExpirySweep.task(server));
        stop.cancelled().await();
        // 1. Stop accepting; 2. tell every connection (each flushes, then closes);
        // 3. wait for them within the flush deadline; the runtime's close ends the rest.
        server.shuttingDown = true;
        listener.close();
        acceptor.abort();
        long deadline = System.currentTimeMillis() + server.limits.shutdownFlushMillis + 500;
        while (!server.clients.isEmpty() && System.currentTimeMillis() < deadline) {
          wakeAll();
          Time.sleep(Duration.ofMillis(10)).await();
        }
        sweeper.abort();
        return null;
      }));
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.log(System.Logger.Level.ERROR, "weft-redis: the server stopped on a failure", e);
    }
  }

  private void wakeAll() {
    for (Session s : server.clients.values()) {
      Waker w = s.waker;
      if (w != null) {
        w.wake();
      }
    }
  }

  private Future<Void> acceptLoop() {
    return async(() -> {
      while (!server.shuttingDown) {
        TcpStream s;
        try {
          s = listener.accept().await();
        } catch (UncheckedIOException e) {
          if (server.shuttingDown) {
            return null;
          }
          throw e;
        }
        Session session = new Session(server, server.newClientId(), s.peerAddress(),
            s.localAddress());
        server.clients.put(session.id, session);
        server.connectionsReceived.increment();
        Task.spawn(new Connection(server, s, session));
      }
      return null;
    });
  }

  /**
   * Shuts down gracefully (see the class comment) and releases the port and the runtime's
   * threads; idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop.cancel();
    try {
      thread.join(server.limits.shutdownFlushMillis + 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      listener.close();
      runtime.close();
    }
    Throwable f = failure;
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
  }

  /** Waits until the server stopped (after {@link #close()}, or on a failure). */
  void awaitStopped() throws InterruptedException {
    thread.join();
  }
}
